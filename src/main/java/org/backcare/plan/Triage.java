package org.backcare.plan;

import java.util.List;
import java.util.Objects;

/**
 * The triage level, the human-readable reasons for it (empty for self-care) and the red-flag findings behind it, most
 * urgent first (empty when no red flag was reported). Immutable.
 */
public record Triage(TriageLevel level, List<String> reasons, List<Finding> findings) {
    public Triage {
        Objects.requireNonNull(level, "level");
        reasons = List.copyOf(reasons);
        findings = List.copyOf(findings);
    }
}
