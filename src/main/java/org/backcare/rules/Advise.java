package org.backcare.rules;

import java.util.List;
import org.backcare.profile.WireName;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Functions that DRL consequences import ({@code import function org.backcare.rules.Advise.advice;}).
 *
 * <p>An advice rule names what it recommends in its metadata, {@code @advice("id")} and {@code @priority(n)}, so that
 * the rule set can be checked when it loads; {@link #advice} reads them and makes the {@link Advice} fact that the
 * rule inserts: {@code insert(advice(drools, "smoking.status is current"));}.
 */
public final class Advise {
    private Advise() {
    }

    /** The advice that the firing rule's {@code @advice} and {@code @priority} name, with its reasons. */
    public static Advice advice(RuleContext drools, String... because) {
        Rule rule = drools.getRule();
        RuleMetadata metadata = RuleMetadata.of(rule);
        if (metadata.adviceId() == null) {
            throw new IllegalStateException("rule \"" + rule.getName() + "\" calls advice() but has no @advice");
        }
        return new Advice(metadata.adviceId(), metadata.priority(), List.of(because), rule.getName());
    }

    /** The kebab-case name of an enum value, as profiles and plans write it. */
    public static String wire(Enum<?> value) {
        return WireName.of(value);
    }

    /** The kebab-case names of enum values, comma separated. */
    public static String wire(List<? extends Enum<?>> values) {
        return String.join(", ", values.stream().map(WireName::of).toList());
    }
}
