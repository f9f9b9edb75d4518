package org.backcare.plan;

/** One activity on one day of the weekly plan. Immutable. */
public record ScheduledActivity(String activity, ActivityKind kind, int minutes, Intensity intensity) {
}
