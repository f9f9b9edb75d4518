package org.backcare.rules;

/**
 * One rule of a rule set, for catalogues and checks.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the rule's name, as written in its DRL file
 * @param file the DRL file, relative to the rule directory
 * @param line the line of the rule's header in that file, or 0 when not known
 * @param adviceId the advice it recommends ({@code @advice}), or {@code null} for a rule that only infers facts
 * @param priority its {@code @priority}, or -1 when it has none
 * @param findingId the red-flag finding it concludes ({@code @finding}, an entry of {@code findings.yaml}), or
 *     {@code null}
 */
public record RuleInfo(String name, String file, int line, String adviceId, int priority, String findingId) {
}
