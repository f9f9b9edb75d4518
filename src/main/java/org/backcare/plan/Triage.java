package org.backcare.plan;

import java.util.List;
import java.util.Objects;

/** The triage level and the human-readable reasons for it (empty for self-care). Immutable. */
public record Triage(TriageLevel level, List<String> reasons) {
    public Triage {
        Objects.requireNonNull(level, "level");
        reasons = List.copyOf(reasons);
    }
}
