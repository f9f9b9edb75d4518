package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * How this week follows from last week in a programme (PLAN.md, {@code progression}): the programme {@code week},
 * the {@code decision}, last week's planned main-activity minutes ({@code fromMinutes}), this week's
 * ({@code toMinutes}) and the facts behind it. Immutable.
 */
@JsonPropertyOrder({"week", "decision", "fromMinutes", "toMinutes", "because"})
public record Progression(int week, Decision decision, int fromMinutes, int toMinutes, List<String> because) {
    public Progression {
        Objects.requireNonNull(decision, "decision");
        because = List.copyOf(because);
    }
}
