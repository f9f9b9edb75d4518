package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** Seven days, Monday to Sunday; {@code totalMinutes} is the sum of the days. Immutable. */
public record WeeklyPlan(List<DayPlan> days) {
    public WeeklyPlan {
        if (days.size() != 7) throw new IllegalArgumentException("a week has 7 days, got " + days.size());
        days = List.copyOf(days);
    }

    public int totalMinutes() {
        return days.stream().mapToInt(DayPlan::minutes).sum();
    }

    @JsonIgnore
    public boolean isEmpty() {
        return totalMinutes() == 0;
    }
}
