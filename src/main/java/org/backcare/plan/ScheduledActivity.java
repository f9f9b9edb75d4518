package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One activity on one day of the weekly plan, with the exercises to do for a mobility, strength or balance entry (one
 * plain instruction each; empty, and left out of the JSON, for the others). Immutable.
 */
public record ScheduledActivity(String activity, ActivityKind kind, int minutes, Intensity intensity,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> exercises) {

    public ScheduledActivity {
        exercises = exercises == null ? List.of() : List.copyOf(exercises);
    }

    /** An entry without exercises. */
    public ScheduledActivity(String activity, ActivityKind kind, int minutes, Intensity intensity) {
        this(activity, kind, minutes, intensity, List.of());
    }
}
