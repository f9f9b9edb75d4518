package org.backcare.plan;

import java.util.List;
import java.util.Objects;

/**
 * One rule behind a recommendation, with the profile facts that made it fire: several rules may recommend the same
 * advice, and a clinician reads each of them here. Immutable.
 *
 * @param rule the rule's name, as written in {@code rules/}
 * @param because the profile facts that made this rule fire, in words
 */
public record RuleReasons(String rule, List<String> because) {
    public RuleReasons {
        Objects.requireNonNull(rule, "rule");
        because = List.copyOf(because);
    }
}
