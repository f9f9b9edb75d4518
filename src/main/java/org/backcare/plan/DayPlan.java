package org.backcare.plan;

import java.time.DayOfWeek;
import java.util.List;

/** The activities of one day, in the order to do them. Immutable. */
public record DayPlan(DayOfWeek day, List<ScheduledActivity> activities) {
    public DayPlan {
        activities = List.copyOf(activities);
    }

    /** The minutes of all activities on this day. */
    public int minutes() {
        return activities.stream().mapToInt(ScheduledActivity::minutes).sum();
    }
}
