package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.backcare.Planner;
import org.backcare.profile.Profile;
import org.backcare.report.HtmlReport;
import org.backcare.report.Trajectory;
import org.backcare.simulate.FeedbackScenario;
import org.backcare.simulate.SimulatedWeek;
import org.backcare.simulate.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare simulate FILE [--weeks N] [--scenario S] [--format text|html]}: a programme, week by week. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Plan a profile week after week, feeding each week's plan back as program.lastWeek, and print"
            + " the trajectory (week, decision, minutes, hardest intensity, why).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the trajectory was printed", "2:invalid usage, profile or rules"})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The profile to start from.")
    Path file;

    @Option(names = "--weeks", paramLabel = "N", description = "Weeks to simulate, 1-520 (default: ${DEFAULT-VALUE}).")
    int weeks = 12;

    @Option(names = "--scenario", paramLabel = "SCENARIO",
            description = "How the person follows the plans: all-done (default), pain-not-settling (in week 4),"
                + " half-done, red-flag (constant night pain from week 6), clinician-assesses (a clinician assesses"
                + " the reported red flags in week 3).")
    FeedbackScenario scenario = FeedbackScenario.ALL_DONE;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text (default): a table; html: a page with the chart and the table.")
    Format format = Format.TEXT;

    /** What {@code --format} asks for. */
    enum Format { TEXT, HTML }

    @Mixin
    RulesOption rules;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (weeks < 1 || weeks > 520) {
            err.println("backcare: --weeks must be from 1 to 520, got " + weeks);
            err.println("Try 'backcare simulate --help' for usage.");
            return Main.INVALID;
        }
        Optional<Profile> profile = ProfileFiles.readOne(file, err);
        if (profile.isEmpty()) return Main.INVALID;
        Planner planner = rules.planner();
        List<SimulatedWeek> trajectory;
        try {
            trajectory = new Simulation(planner).run(profile.get(), scenario, weeks);
        } catch (RuntimeException | Error e) {
            RulesOption.rulesFailed(file, e, err);
            return Main.SOME_FAILED;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.HTML) {
            out.print(new HtmlReport(planner).simulation(profile.get().id(), file.toString(), scenario,
                    trajectory));
        } else {
            out.print(Trajectory.text(profile.get().id(), scenario, trajectory));
        }
        out.flush();
        return Main.OK;
    }
}
