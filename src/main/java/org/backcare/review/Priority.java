package org.backcare.review;

import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.TriageLevel;

/**
 * Where a plan goes in the worklist: findings first, the most urgent timeframe first ({@code now}, 24 hours, a week,
 * routine: the order of NICE NG59's and the red-flag table's timeframes), then other plans that say to see a
 * clinician, then plans whose red flags were not screened (nobody asked, so nobody knows), then the rest.
 */
final class Priority {
    static final int SEE_CLINICIAN = 4;
    static final int NOT_SCREENED = 5;
    static final int REST = 6;

    private Priority() {
    }

    static int of(Plan plan) {
        Finding first = mostUrgent(plan);
        if (first != null) {
            return switch (first.within()) {
                case NOW -> 0;
                case HOURS_24 -> 1;
                case WEEK_1 -> 2;
                case ROUTINE -> 3;
            };
        }
        if (plan.triage().level() != TriageLevel.SELF_CARE) return SEE_CLINICIAN;
        if (!plan.triage().redFlagsScreened()) return NOT_SCREENED;
        return REST;
    }

    /** The plan's most urgent finding (findings come most urgent first), or {@code null}. */
    static Finding mostUrgent(Plan plan) {
        return plan.triage().findings().isEmpty() ? null : plan.triage().findings().get(0);
    }
}
