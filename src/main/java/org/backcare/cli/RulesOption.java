package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.backcare.Planner;
import org.backcare.plan.Plan;
import org.backcare.profile.Profile;
import org.backcare.rules.RuleSet;
import org.backcare.run.TimeLimit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that commands which run rules share: {@code --rules DIR} (the rules in DIR, or the built-in ones) and
 * {@code --time-limit SECONDS} (how long one profile's planning may take).
 */
final class RulesOption {
    /** The longest time limit accepted: an hour for one profile is already far past any rule set's need. */
    static final double MAX_TIME_LIMIT_SECONDS = 3600;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Use the rules in DIR (.drl files, advice.yaml, findings.yaml, evidence.yaml, activities.yaml) instead of"
                + " the built-in ones.")
    Path dir;

    @Option(names = "--time-limit", paramLabel = "SECONDS",
            description = "Stop and fail the planning of a profile that takes longer (a rule that loops or waits);"
                + " default ${DEFAULT-VALUE}.")
    double timeLimitSeconds = TimeLimit.DEFAULT.toSeconds();

    Planner planner() {
        return dir == null ? BuiltInPlanner.get() : Planner.fromDirectory(dir);
    }

    RuleSet ruleSet() {
        return dir == null ? RuleSet.builtIn() : RuleSet.fromDirectory(dir);
    }

    /** The time limit, or a usage error for one that is not a positive number of seconds up to an hour. */
    Duration timeLimit() {
        if (!(timeLimitSeconds > 0 && timeLimitSeconds <= MAX_TIME_LIMIT_SECONDS)) {
            throw new ParameterException(command.commandLine(), "--time-limit must be more than 0 and at most "
                    + (long) MAX_TIME_LIMIT_SECONDS + " seconds, got " + timeLimitSeconds);
        }
        return Duration.ofMillis(Math.max(1, Math.round(timeLimitSeconds * 1000)));
    }

    /**
     * The plan for {@code profile} (read from {@code file}) by {@code planner}, within the time limit; empty, with one
     * line on {@code err}, when planning takes longer or the rules fail on it (an exception or an {@code Error}).
     */
    Optional<Plan> planWithinLimit(Planner planner, Profile profile, Path file, PrintWriter err) {
        Duration limit = timeLimit();
        try {
            return Optional.of(TimeLimit.call(() -> planner.plan(profile), limit));
        } catch (TimeLimit.Exceeded e) {
            err.println("backcare: " + file + ": " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException | Error e) {
            rulesFailed(file, e, err);
            return Optional.empty();
        }
    }

    /**
     * Says, in one line naming {@code where} and never with a stack trace, that the rules threw on a profile (an
     * {@code Error} included): the commands fail that profile alone.
     */
    static void rulesFailed(Object where, Throwable thrown, PrintWriter err) {
        err.println("backcare: " + where + ": the rules failed on this profile: "
                + org.backcare.profile.Problem.printable(String.valueOf(thrown)));
    }
}
