package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.backcare.scenario.Scenario;
import org.backcare.scenario.ScenarioException;
import org.backcare.scenario.ScenarioReader;
import org.backcare.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare test-rules [--rules DIR] [SCENARIOS...]}: run clinicians' scenario tests against the rules. */
@Command(name = "test-rules", mixinStandardHelpOptions = true,
        description = {"Run scenario tests (YAML: a profile and what its plan must say) against the rules, and print"
            + " a PASS or FAIL line for each, with what differed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario passed", "1:some scenarios failed", "2:invalid scenarios, rules or usage"})
final class TestRulesCommand implements Callable<Integer> {
    /** Scenarios whose planning may hang before the rest are not run. */
    static final int MAX_HUNG = 8;

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Parameters(arity = "0..*", paramLabel = "SCENARIOS",
            description = "Scenario files or directories (default: DIR/scenarios of --rules, or rules/scenarios).")
    List<Path> scenarioPaths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> paths = scenarioPaths != null ? scenarioPaths
                : List.of((rules.dir == null ? Path.of("rules") : rules.dir).resolve("scenarios"));
        for (Path path : paths) {
            if (!Files.exists(path)) {
                err.println("backcare: " + path + ": no such file or directory; expected scenario files");
                return Main.INVALID;
            }
        }
        List<Scenario> scenarios;
        try {
            scenarios = new ScenarioReader().read(paths);
        } catch (ScenarioException e) {
            e.problems().forEach(problem -> err.println("backcare: " + problem));
            return Main.INVALID;
        }
        ScenarioRunner runner = new ScenarioRunner(rules.planner(), rules.timeLimit());
        int failed = 0;
        int hung = 0;
        for (Scenario scenario : scenarios) {
            // each stuck planning leaves a thread spinning: after a few, the rule set is plainly broken
            List<String> differences = hung >= MAX_HUNG
                    ? List.of("not run: the rules hung on " + MAX_HUNG + " scenarios before it")
                    : runner.differences(scenario);
            if (differences.size() == 1 && differences.get(0).startsWith("planning took longer than")) hung++;
            out.println((differences.isEmpty() ? "PASS " : "FAIL ") + scenario.name() + "  [" + scenario.source()
                    .replaceFirst(" \\(.*\\)$", "") + "]");
            differences.forEach(difference -> out.println("       " + difference));
            if (!differences.isEmpty()) failed++;
        }
        out.flush();
        err.println(scenarios.size() + " scenarios: " + (scenarios.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? Main.OK : Main.SOME_FAILED;
    }
}
