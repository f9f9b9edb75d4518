package org.backcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.backcare.io.IoErrors;
import org.backcare.io.OutputDirectory;
import org.backcare.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare report INPUT... --out DIR}: a static HTML site for clinicians. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a static HTML site into DIR that opens from disk: an overview of the population with"
            + " charts, a page per profile (its facts beside its plan), and the rule catalogue."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every profile is in the report", "1:some profiles could not be read (the rest are in)",
            "2:invalid usage, rules or output directory"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Profiles (.json, .yaml, .yml, .jsonl) or directories.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the site.")
    Path out;

    @Mixin
    RulesOption rules;

    @Mixin
    HandoutOptions handout;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration limit = rules.timeLimit();
        HtmlReport report = new HtmlReport(rules.planner(), handout.details());
        HtmlReport.Site site;
        try (OutputDirectory dir = OutputDirectory.open(out)) {
            site = report.writeSite(inputs, dir, limit);
        } catch (OutputDirectory.InUse e) {
            err.println("backcare: " + e.getMessage());
            return Main.INVALID;
        } catch (IOException e) {
            err.println("backcare: cannot write the report to " + out + ": " + IoErrors.describe(e));
            return Main.INVALID;
        }
        site.failures().forEach(failure -> err.println("backcare: " + failure));
        err.println(site.planned() + " profiles in the report: open " + out.resolve("index.html"));
        return site.failures().isEmpty() ? Main.OK : Main.SOME_FAILED;
    }
}
