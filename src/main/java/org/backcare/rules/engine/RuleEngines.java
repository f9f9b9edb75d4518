package org.backcare.rules.engine;

import java.util.function.Function;
import org.backcare.rules.RuleSet;

/**
 * How the rule set's engine is reached without the exported {@link RuleSet} naming an internal type: {@code RuleSet}
 * registers, once as its class loads, the function that gives a rule set's engine. Thread-safe.
 */
public final class RuleEngines {
    private static volatile Function<RuleSet, RuleEngine> access;

    private RuleEngines() {
    }

    /** Called once, by {@link RuleSet}'s class as it loads; a second call is refused. */
    public static synchronized void register(Function<RuleSet, RuleEngine> engineOf) {
        if (access != null) throw new IllegalStateException("the rule set's engine is registered already");
        access = engineOf;
    }

    static RuleEngine of(RuleSet rules) {
        // a rule set exists, so its class has loaded and registered
        if (access == null) throw new IllegalStateException("RuleSet has not registered its engine");
        return access.apply(rules);
    }
}
