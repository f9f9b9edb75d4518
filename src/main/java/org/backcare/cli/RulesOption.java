package org.backcare.cli;

import java.nio.file.Path;
import org.backcare.Planner;
import org.backcare.rules.RuleSet;
import picocli.CommandLine.Option;

/** The {@code --rules DIR} option that commands share: the rules in DIR, or the built-in ones. */
final class RulesOption {
    @Option(names = "--rules", paramLabel = "DIR",
            description = "Use the rules in DIR (.drl files, advice.yaml, evidence.yaml, activities.yaml) instead of"
                + " the built-in ones.")
    Path dir;

    Planner planner() {
        return dir == null ? Planner.builtIn() : Planner.fromDirectory(dir);
    }

    RuleSet ruleSet() {
        return dir == null ? RuleSet.builtIn() : RuleSet.fromDirectory(dir);
    }
}
