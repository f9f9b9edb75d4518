package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import org.backcare.profile.WarningSign;
import org.backcare.profile.WireName;

/**
 * A red-flag finding, as the safety rules infer it and plans show it in {@code triage.findings}: the signs behind it
 * (the reported red flags, and a risk factor such as older age), the condition that is {@code suspected}, the
 * {@code action} in plain words, how soon ({@code within}), whether it is {@code persisting} (reported last week too,
 * and so more urgent now), and {@code because}: the profile facts that made the rules find it, in words a clinician
 * can check against the profile. Immutable.
 */
@JsonPropertyOrder({"flags", "suspected", "action", "within", "persisting", "because"})
public record Finding(List<WarningSign> flags, String suspected, String action, Within within, boolean persisting,
        List<String> because) {

    public Finding {
        flags = List.copyOf(flags);
        Objects.requireNonNull(suspected, "suspected");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(within, "within");
        because = List.copyOf(because);
        if (flags.isEmpty()) throw new IllegalArgumentException("a finding needs at least one sign");
        if (because.isEmpty()) throw new IllegalArgumentException("a finding needs the facts behind it");
    }

    /** The triage level this finding sets: urgent for {@code now} and {@code 24-hours}, else see-clinician. */
    @JsonIgnore
    public TriageLevel level() {
        return within.level();
    }

    /** The signs behind it by their names, comma separated. */
    @JsonIgnore
    public String flagNames() {
        return String.join(", ", flags.stream().map(WarningSign::wire).toList());
    }

    /** The finding in one line, for {@code triage.reasons}: what is suspected, the facts, how soon and what to do. */
    @JsonIgnore
    public String reason() {
        return Character.toUpperCase(suspected.charAt(0)) + suspected.substring(1) + " (" + String.join("; ", because)
                + "), within " + WireName.of(within) + (persisting ? ", persisting" : "") + ": " + action;
    }
}
