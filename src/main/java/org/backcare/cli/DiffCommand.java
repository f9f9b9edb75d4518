package org.backcare.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backcare.Planner;
import org.backcare.io.IoErrors;
import org.backcare.io.OutputDirectory;
import org.backcare.io.ProfileInputs;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.report.HtmlReport;
import org.backcare.report.PlanDiff;
import org.backcare.report.RuleSetChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare diff --base-rules OLD [--rules NEW] INPUT... [--out DIR]}: what a rule change does to plans. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Plan every profile with two rule sets and report which plans change and how: triage,"
            + " recommendations added, removed and re-ranked, their texts and reasons, the weekly plan; with counts and"
            + " the rule files and rules that differ."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the comparison was made (whether or not plans changed)", "1:some profiles were invalid",
            "2:invalid usage or rules"})
final class DiffCommand implements Callable<Integer> {
    /** Where the plans that changed are written, before and after, for the page to link to. */
    static final String PLANS = "plans";

    @Spec
    CommandSpec spec;

    @Option(names = "--base-rules", required = true, paramLabel = "OLD", description = "The rules before the change.")
    Path baseRules;

    @Option(names = "--rules", paramLabel = "NEW", description = "The rules after the change (default: built-in).")
    Path rules;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write diff.html and diff.json into DIR.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Profiles (.json, .yaml, .yml, .jsonl) or directories.")
    List<Path> inputs;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Planner before = Planner.fromDirectory(baseRules);
        Planner after = rules == null ? Planner.builtIn() : Planner.fromDirectory(rules);
        List<PlanDiff> diffs = new ArrayList<>();
        // the plans that changed, before and after, written beside the page for each card to link to
        Map<String, Plan[]> changed = new LinkedHashMap<>();
        int[] invalid = {0};
        ProfileInputs.forEach(inputs, read -> {
            if (read.profile() == null) {
                invalid[0]++;
                read.problems().forEach(problem -> err.println("backcare: " + problem));
                return;
            }
            Plan old;
            Plan now;
            try {
                old = before.plan(read.profile());
                now = after.plan(read.profile());
            } catch (RuntimeException | Error e) {
                // a rule that throws, an Error included, fails this profile alone
                invalid[0]++;
                RulesOption.rulesFailed(read.where(), e, err);
                return;
            }
            PlanDiff diff = PlanDiff.of(old, now);
            diffs.add(diff);
            if (diff.changed()) {
                if (out != null) changed.putIfAbsent(diff.profileId(), new Plan[] {old, now});
                stdout.println(diff.profileId() + ":");
                diff.changes().forEach(change -> stdout.println("  " + change));
            }
        });
        RuleSetChange change = RuleSetChange.of(before.rules(), after.rules());
        stdout.println(PlanDiff.Counts.of(diffs).inWords() + "; rules " + before.rulesVersion() + " -> "
                + after.rulesVersion());
        change.inWords().forEach(line -> stdout.println("  " + line));
        stdout.flush();
        if (out != null) {
            try {
                write(out, before, after, diffs, change, changed);
            } catch (IOException e) {
                err.println("backcare: cannot write " + out.resolve("diff.json") + ": " + IoErrors.describe(e));
                return Main.INVALID;
            }
        }
        return invalid[0] == 0 ? Main.OK : Main.SOME_FAILED;
    }

    private static void write(Path out, Planner before, Planner after, List<PlanDiff> diffs, RuleSetChange change,
            Map<String, Plan[]> changed) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JsonMapper.builder().build().getFactory().createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("baseRulesVersion", before.rulesVersion());
            json.writeStringField("rulesVersion", after.rulesVersion());
            json.writeNumberField("compared", diffs.size());
            json.writeNumberField("changed", PlanDiff.Counts.of(diffs).changed());
            json.writeArrayFieldStart("ruleChanges");
            for (String line : change.inWords()) json.writeString(line);
            json.writeEndArray();
            json.writeArrayFieldStart("plans");
            for (PlanDiff diff : diffs) {
                if (!diff.changed()) continue;
                json.writeStartObject();
                json.writeStringField("profileId", diff.profileId());
                json.writeArrayFieldStart("changes");
                for (String line : diff.changes()) json.writeString(line);
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        try (OutputDirectory dir = OutputDirectory.open(out)) {
            dir.directory(PLANS);
            PlanWriter plans = new PlanWriter();
            for (Map.Entry<String, Plan[]> pair : changed.entrySet()) {
                dir.write(PLANS + "/" + pair.getKey() + ".before.json", plans.toJson(pair.getValue()[0]) + "\n");
                dir.write(PLANS + "/" + pair.getKey() + ".after.json", plans.toJson(pair.getValue()[1]) + "\n");
            }
            dir.write("diff.json", text + "\n");
            dir.write("diff.html", new HtmlReport(after).diff(before.rulesVersion(), diffs, change, true));
        }
    }
}
