package org.backcare.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.backcare.profile.WireName;
import org.backcare.report.HtmlReport;
import org.backcare.rules.AdviceText;
import org.backcare.rules.RuleInfo;
import org.backcare.rules.RuleSet;
import org.backcare.rules.engine.RuleEngine;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.CatalogueActivity;
import org.backcare.rules.facts.FindingText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backcare rules [--rules DIR] [--check]}: the rule catalogue, or a check of a rule set. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"List every rule: its file and line, its name, and what it recommends (advice id, category,"
            + " priority, evidence) or the red-flag finding it concludes (how soon, what to do). With --check, only"
            + " load and check the rules and report problems and warnings."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the rules load (warnings may be printed)", "2:the rules do not compile or resolve"})
final class RulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--check", description = "Check the rules: errors with file and line, then warnings.")
    boolean check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet ruleSet = rules.ruleSet();
        List<String> warnings = warnings(ruleSet);
        if (check) {
            warnings.forEach(warning -> out.println("warning: " + warning));
            out.println(ruleSet.origin() + ": " + ruleSet.rules().size() + " rules in "
                    + ruleSet.rules().stream().map(RuleInfo::file).distinct().count() + " files, "
                    + ruleSet.advice().size() + " advice, " + ruleSet.evidence().size() + " sources, "
                    + warnings.size() + " warnings; rules version " + ruleSet.version());
            out.flush();
            return Main.OK;
        }
        String file = null;
        Map<String, FindingText> findings = RuleEngine.of(ruleSet).findingTexts().findings();
        for (RuleInfo rule : ruleSet.rules()) {
            if (!rule.file().equals(file)) {
                file = rule.file();
                out.println();
                out.println("== " + file);
            }
            out.printf("%4d  %s%n", rule.line(), rule.name());
            AdviceText advice = rule.adviceId() == null ? null : ruleSet.advice().get(rule.adviceId());
            FindingText finding = rule.findingId() == null ? null : findings.get(rule.findingId());
            if (finding != null) {
                out.println("      finds " + finding.id() + " (" + HtmlReport.timeframe(finding.within()) + "): "
                        + finding.suspected());
                out.println("      action: " + finding.action());
                out.println("      evidence: " + String.join(", ", finding.evidence()));
            }
            if (advice == null && finding == null) {
                out.println("      infers facts for other rules (no advice of its own)");
            } else if (advice != null) {
                out.println("      recommends " + advice.id() + " (" + WireName.of(advice.category()) + ", priority "
                        + rule.priority() + "): " + advice.title());
                out.println("      evidence: " + String.join(", ", advice.evidence()));
            }
        }
        out.println();
        out.println("== activities.yaml: the length of one session of each activity, in minutes (shorter in a"
                + " flare, with severe pain and from age 80: weekly-plan.drl)");
        ActivityCatalogue catalogue = RuleEngine.of(ruleSet).catalogue();
        for (CatalogueActivity activity : catalogue.entries()) {
            out.printf("      %-19s %-9s %s%n", WireName.of(activity.activity()), activity.shortestSession() + "-"
                    + activity.longestSession(), WireName.of(activity.kind()));
        }
        out.printf("      %-19s %-9s %s%n", catalogue.strength().name(), "up to " + catalogue.strength().minutes(),
                "strength, when no strength activity is liked or can be done in the session");
        ActivityCatalogue.Layout layout = catalogue.layout();
        out.println("      layout: a dose spread over more days in sessions down to about "
                + layout.spreadSessionMinutes() + " minutes; no activity on more than " + layout.mostDaysOfOneActivity()
                + " days when " + layout.activitiesForVariety() + " or more can be done; a flexibility session from "
                + layout.sessionsForOneFlexibility() + " sessions, a second from "
                + layout.sessionsForTwoFlexibility());
        out.flush();
        err.println(ruleSet.rules().size() + " rules; rules version " + ruleSet.version());
        return Main.OK;
    }

    /** What loads but deserves a look: advice no rule recommends, sources no advice or finding cites. */
    static List<String> warnings(RuleSet ruleSet) {
        List<String> warnings = new ArrayList<>();
        Set<String> recommended = new TreeSet<>();
        for (RuleInfo rule : ruleSet.rules()) {
            if (rule.adviceId() != null) recommended.add(rule.adviceId());
        }
        for (String id : ruleSet.advice().keySet()) {
            if (!recommended.contains(id)) warnings.add("advice.yaml: " + id + " is recommended by no rule");
        }
        Set<String> cited = new TreeSet<>();
        ruleSet.advice().values().forEach(advice -> cited.addAll(advice.evidence()));
        RuleEngine.of(ruleSet).findingTexts().findings().values().forEach(finding -> cited.addAll(finding.evidence()));
        for (String id : ruleSet.evidence().keySet()) {
            if (!cited.contains(id)) warnings.add("evidence.yaml: " + id + " is cited by no advice or finding");
        }
        return warnings;
    }
}
