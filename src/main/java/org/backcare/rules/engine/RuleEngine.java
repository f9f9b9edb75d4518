package org.backcare.rules.engine;

import java.util.function.Consumer;
import org.backcare.profile.Profile;
import org.backcare.rules.RuleSet;
import org.backcare.rules.RulesException;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.Conclusions;
import org.backcare.rules.facts.FindingTexts;
import org.backcare.rules.facts.WeekCapacity;

/**
 * What Backcare's own planner, scheduler, reports and tests reach in a {@link RuleSet} beyond the API: running the
 * rules over a profile for what they concluded, the activity catalogue and the red-flag findings. Its types are
 * internal (this package is not exported by the module) and may change in any release; apps call
 * {@link org.backcare.Planner#plan}.
 *
 * <p>Thread-safe, as the rule set is.
 */
public interface RuleEngine {
    /** The engine of a loaded rule set. */
    static RuleEngine of(RuleSet rules) {
        return RuleEngines.of(rules);
    }

    /** The activities a weekly plan can schedule, and the daily routine. */
    ActivityCatalogue catalogue();

    /** What the red-flag findings say ({@code findings.yaml}; none for a rule set without it). */
    FindingTexts findingTexts();

    /**
     * Runs the rules over one profile in a session of its own and returns what they concluded.
     *
     * @throws RulesException when a rule fails, or the rules keep firing without end
     */
    default Conclusions evaluate(Profile profile) {
        return evaluate(profile, null, null);
    }

    /**
     * As {@link #evaluate(Profile)}, also telling {@code firedRule} the name of each rule as it fires (for reports of
     * how often rules fire; it slows planning a little).
     */
    default Conclusions evaluate(Profile profile, Consumer<String> firedRule) {
        return evaluate(profile, firedRule, null);
    }

    /** As {@link #evaluate(Profile, Consumer)}, with what the week can hold ({@code null}: not known) among the facts. */
    Conclusions evaluate(Profile profile, Consumer<String> firedRule, WeekCapacity capacity);
}
