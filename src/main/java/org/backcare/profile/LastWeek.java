package org.backcare.profile;

import java.util.List;

/**
 * How the previous week's plan went (PROFILE.md, {@code program.lastWeek}). {@code plannedMinutes} is required; the
 * other fields are {@code null} (lists empty) when not reported.
 *
 * <p>Immutable (its lists are unmodifiable copies) and thread-safe.
 *
 * @param plannedMinutes main-activity minutes the previous plan scheduled
 * @param completedMinutes main-activity minutes actually done
 * @param activities the activities done
 * @param painDuringMax the highest pain (0-10) during any session
 * @param painSettledNextMorning whether pain was back to its usual level by the next morning after every session
 * @param effort typical rating of perceived exertion (Borg CR10, 0-10)
 * @param redFlags the red flags reported in last week's profile (a flag reported again this week is persisting)
 */
public record LastWeek(int plannedMinutes, Integer completedMinutes, List<ActivityType> activities,
        Integer painDuringMax, Boolean painSettledNextMorning, Integer effort, List<RedFlag> redFlags,
        Integer comfortableWeeks) {

    public LastWeek {
        activities = activities == null ? List.of() : List.copyOf(activities);
        redFlags = redFlags == null ? List.of() : List.copyOf(redFlags);
    }

    /** A last week as version 2 profiles report it, without a count of comfortable weeks. */
    public LastWeek(int plannedMinutes, Integer completedMinutes, List<ActivityType> activities, Integer painDuringMax,
            Boolean painSettledNextMorning, Integer effort, List<RedFlag> redFlags) {
        this(plannedMinutes, completedMinutes, activities, painDuringMax, painSettledNextMorning, effort, redFlags,
                null);
    }

    /** The share of the planned minutes done, in percent (100 when nothing was planned), or {@code null}. */
    public Integer percentDone() {
        if (completedMinutes == null) return null;
        return plannedMinutes == 0 ? 100 : (int) Math.floor(100.0 * completedMinutes / plannedMinutes);
    }
}
