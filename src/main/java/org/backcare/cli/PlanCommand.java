package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.backcare.Planner;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.Profile;
import org.backcare.report.HtmlReport;
import org.backcare.report.PlanText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare plan FILE [--rules DIR]}: print the plan for one profile as JSON. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the plan for one profile (.json, .yaml, .yml) on stdout, as JSON or as readable text.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the plan was printed", "1:planning failed", "2:invalid usage, profile or rules"})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The profile to plan.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json (default): the plan format's JSON; text: a readable plan for a terminal;"
                + " html: one self-contained page; handout: a page to print and take home (focus, week, what to do"
                + " if pain rises, when to seek care).")
    Format format = Format.JSON;

    /** What {@code --format} asks for. */
    enum Format { JSON, TEXT, HTML, HANDOUT }

    @Mixin
    RulesOption rules;

    @Mixin
    HandoutOptions handout;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Profile> read = ProfileFiles.readOne(file, err);
        if (read.isEmpty()) return Main.INVALID;
        Profile profile = read.get();
        // made (with its serialisers) while the built-in rules may still be loading on their own thread
        PlanWriter writer = format == Format.JSON ? new PlanWriter() : null;
        Planner planner = rules.planner();
        PrintWriter out = spec.commandLine().getOut();
        Optional<Plan> planned = rules.planWithinLimit(planner, profile, file, err);
        if (planned.isEmpty()) return Main.SOME_FAILED;
        Plan plan = planned.get();
        switch (format) {
            case TEXT -> out.print(new PlanText(planner.rules()).render(plan));
            case HTML -> out.print(new HtmlReport(planner, handout.details()).page(profile, plan, file.toString()));
            case HANDOUT -> out.print(new HtmlReport(planner).handout(plan, handout.details()));
            case JSON -> out.println(writer.toJson(plan));
        }
        out.flush();
        return Main.OK;
    }
}
