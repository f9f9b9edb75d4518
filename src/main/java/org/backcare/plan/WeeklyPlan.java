package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seven days, Monday to Sunday; {@code totalMinutes} is the sum of the days and {@code dose} what they hold as WHO 2020
 * counts it. Immutable.
 */
@JsonPropertyOrder({"days", "totalMinutes", "dose"})
public record WeeklyPlan(List<DayPlan> days) {
    public WeeklyPlan {
        if (days.size() != 7) throw new IllegalArgumentException("a week has 7 days, got " + days.size());
        days = List.copyOf(days);
    }

    /** The minutes of all seven days. */
    @JsonProperty("totalMinutes")
    public int totalMinutes() {
        return days.stream().mapToInt(DayPlan::minutes).sum();
    }

    /** The week's dose as WHO 2020 counts it: moderate-equivalent aerobic minutes, strength, balance and rest days. */
    @JsonProperty("dose")
    public Dose dose() {
        return Dose.of(days);
    }

    /** The minutes of everything but the daily mobility routine: the week's dose of activity. */
    @JsonIgnore
    public int mainMinutes() {
        return days.stream().flatMap(d -> d.activities().stream()).filter(a -> a.kind() != ActivityKind.MOBILITY)
                .mapToInt(ScheduledActivity::minutes).sum();
    }

    /** How to do each activity that has exercises, once per activity, in the order the week first meets them. */
    @JsonIgnore
    public Map<String, List<String>> exercisesByActivity() {
        Map<String, List<String>> exercises = new LinkedHashMap<>();
        for (DayPlan day : days) {
            for (ScheduledActivity a : day.activities()) {
                if (!a.exercises().isEmpty()) exercises.putIfAbsent(a.activity(), a.exercises());
            }
        }
        return exercises;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return totalMinutes() == 0;
    }
}
