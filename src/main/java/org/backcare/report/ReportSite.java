package org.backcare.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backcare.Planner;
import org.backcare.io.OutputDirectory;
import org.backcare.io.ProfileInputs;
import org.backcare.plan.Plan;
import org.backcare.profile.Profile;
import org.backcare.rules.RuleInfo;
import org.backcare.run.TimeLimit;

/**
 * Writes a report's site: reads every profile in the inputs, plans it (within the time limit), writes its page and
 * counts it, then writes the overview and the catalogue. The first profile with an id is the one reported; another
 * with the same id is listed as a failure, never written over it.
 */
final class ReportSite {
    static final String RULES_PAGE = "rules.html";
    static final String PROFILES = "profiles";
    /** Profiles whose planning may hang before the rest are listed as not planned. */
    static final int MAX_HUNG = 8;

    private final Planner planner;
    private final HtmlReport report;

    ReportSite(Planner planner, HtmlReport report) {
        this.planner = planner;
        this.report = report;
    }

    HtmlReport.Site write(List<Path> inputs, OutputDirectory dir, Duration timeLimit) throws IOException {
        dir.directory(PROFILES);
        Population population = new Population(planner.rules().rules());
        List<String> failures = new ArrayList<>();
        List<IOException> writeErrors = new ArrayList<>();
        Map<String, String> firstWithId = new HashMap<>();
        int[] hung = {0};
        ProfileInputs.forEach(inputs, read -> {
            if (read.profile() == null || !writeErrors.isEmpty()) {
                failures.addAll(read.problems());
                return;
            }
            Profile profile = read.profile();
            String first = firstWithId.putIfAbsent(profile.id(), read.where());
            if (first != null) {
                failures.add(read.where() + ": id " + profile.id() + " is also the id of " + first + "; expected each"
                        + " profile to have its own id, so this one is not in the report");
                return;
            }
            if (hung[0] >= MAX_HUNG) {
                // each stuck planning leaves a thread spinning: after a few, the rule set is plainly broken
                failures.add(read.where() + ": not planned: the rules hung on " + MAX_HUNG + " profiles before it");
                return;
            }
            Set<String> fired = new LinkedHashSet<>();
            Plan plan;
            try {
                // the listener runs on the planning thread; the set is read only after that thread's result
                List<String> names = new ArrayList<>();
                plan = TimeLimit.call(() -> planner.plan(profile, names::add), timeLimit);
                fired.addAll(names);
            } catch (TimeLimit.Exceeded e) {
                hung[0]++;
                failures.add(read.where() + ": " + e.getMessage());
                return;
            }
            String link = PROFILES + "/" + profile.id() + ".html";
            try {
                dir.write(link, report.sitePage(profile, plan, read.where()));
            } catch (IOException e) {
                writeErrors.add(e);
                return;
            }
            population.add(plan, fired, link);
        });
        if (!writeErrors.isEmpty()) throw writeErrors.get(0);
        List<Map<String, Object>> never = new ArrayList<>();
        for (RuleInfo rule : planner.rules().rules()) {
            if (population.profilesWhereFired().getOrDefault(rule.name(), 0) == 0) {
                never.add(Map.of("name", rule.name(), "anchor", report.anchors().anchor(rule.name()),
                        "location", report.anchors().location(rule.name())));
            }
        }
        Map<String, Object> index = new HashMap<>();
        index.put("profileCount", population.size());
        index.put("failedCount", failures.isEmpty() ? null : failures.size());
        index.put("failures", failures);
        index.put("hasFailures", !failures.isEmpty());
        index.put("rulesVersion", planner.rulesVersion());
        index.put("origin", planner.rules().origin());
        index.put("licence", HtmlReport.START_BACK_LICENCE);
        index.put("counts", population.counts());
        index.put("charts", population.charts());
        index.put("neverFired", never);
        index.put("profiles", population.rows());
        index.put("triageOptions", population.options("triage"));
        index.put("riskOptions", population.options("risk"));
        index.put("categoryOptions", population.options("category"));
        dir.write("index.html", report.render("index", index));
        dir.write(RULES_PAGE, report.catalogue(population.profilesWhereFired()));
        return new HtmlReport.Site(population.size(), failures);
    }
}
