package org.backcare.plan;

import org.backcare.profile.WireName;

/**
 * How soon a red-flag finding should be seen to, most urgent first (PROFILE.md, the table of red flags). The first
 * two call for urgent care, the others for a clinician's assessment.
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum Within implements WireName.Spelled {
    /** Go to an emergency department now. */
    NOW("now", TriageLevel.URGENT),
    /** Speak to a doctor (or the cancer team) today, within 24 hours. */
    HOURS_24("24-hours", TriageLevel.URGENT),
    /** See a doctor within a week. */
    WEEK_1("1-week", TriageLevel.SEE_CLINICIAN),
    /** Ask for a referral at a routine appointment. */
    ROUTINE("routine", TriageLevel.SEE_CLINICIAN);

    private final String wireName;
    private final TriageLevel level;

    Within(String wireName, TriageLevel level) {
        this.wireName = wireName;
        this.level = level;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The triage level a finding this urgent sets. */
    public TriageLevel level() {
        return level;
    }
}
