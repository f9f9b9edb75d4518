package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;

/**
 * A red-flag finding, as the safety rules infer it and plans show it in {@code triage.findings}: the reported flags
 * behind it, the condition that is {@code suspected}, the {@code action} in plain words and how soon ({@code within}).
 * Immutable.
 */
@JsonPropertyOrder({"flags", "suspected", "action", "within"})
public record Finding(List<RedFlag> flags, String suspected, String action, Within within) {

    public Finding {
        flags = List.copyOf(flags);
        Objects.requireNonNull(suspected, "suspected");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(within, "within");
        if (flags.isEmpty()) throw new IllegalArgumentException("a finding needs at least one red flag");
    }

    /** The triage level this finding sets: urgent for {@code now} and {@code 24-hours}, else see-clinician. */
    @JsonIgnore
    public TriageLevel level() {
        return within.level();
    }

    /** The finding in one line, for {@code triage.reasons}. */
    @JsonIgnore
    public String reason() {
        return Character.toUpperCase(suspected.charAt(0)) + suspected.substring(1) + " (pain.redFlags includes "
                + String.join(", ", flags.stream().map(WireName::of).toList()) + "), within " + WireName.of(within)
                + ": " + action;
    }
}
