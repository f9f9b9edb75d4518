package org.backcare.rules;

import java.util.List;

/**
 * What the rules concluded about one profile: the advice they recommend, the red-flag findings and the STarT Back
 * risk, each as the rules inserted it (unordered, possibly with the same advice from several rules).
 *
 * @param advice every {@link Advice} fact
 * @param triage every {@link TriageFinding} fact
 * @param risk the {@link StartBackRisk} fact, or {@code null} when the screening was not answered
 */
public record Findings(List<Advice> advice, List<TriageFinding> triage, StartBackRisk risk) {
    public Findings {
        advice = List.copyOf(advice);
        triage = List.copyOf(triage);
    }
}
