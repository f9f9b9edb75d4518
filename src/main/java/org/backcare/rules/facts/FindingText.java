package org.backcare.rules.facts;

import java.util.List;
import org.backcare.plan.Within;

/**
 * One red-flag finding, as listed in {@code findings.yaml}: the condition suspected, how soon it should be seen to,
 * what to do when it is the most urgent finding of a plan, and the sources behind it ({@code evidence.yaml} ids).
 *
 * <p>Immutable and thread-safe.
 */
public record FindingText(String id, String suspected, Within within, String action, List<String> evidence) {
    public FindingText {
        evidence = List.copyOf(evidence);
    }
}
