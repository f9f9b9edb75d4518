package org.backcare.profile;

import java.util.List;

/**
 * What a clinician entered about the person ({@code clinician}; never entered by the person): the red flags they
 * assessed, the hardest intensity they allow ({@code null}: no ceiling), the activities never to schedule, and a note
 * for clinicians ({@code null} when none). Lists are empty when not given.
 *
 * <p>Immutable (its lists are unmodifiable copies) and thread-safe.
 */
public record Clinician(List<Assessment> assessed, AllowedIntensity intensityCeiling,
        List<ActivityType> excludeActivities, String note) {

    public Clinician {
        assessed = assessed == null ? List.of() : List.copyOf(assessed);
        excludeActivities = excludeActivities == null ? List.of() : List.copyOf(excludeActivities);
    }

    /** The clinician's assessment of {@code flag}, or {@code null} when they did not assess it. */
    public Assessment assessment(RedFlag flag) {
        for (Assessment assessment : assessed) {
            if (assessment.flag() == flag) return assessment;
        }
        return null;
    }
}
