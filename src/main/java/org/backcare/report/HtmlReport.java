package org.backcare.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backcare.Planner;
import org.backcare.io.OutputDirectory;
import org.backcare.plan.Plan;
import org.backcare.plan.Within;
import org.backcare.profile.Profile;
import org.backcare.profile.WireName;
import org.backcare.rules.AdviceText;
import org.backcare.rules.RuleInfo;
import org.backcare.rules.RuleSet;
import org.backcare.rules.engine.RuleEngine;
import org.backcare.rules.facts.CatalogueActivity;
import org.backcare.rules.facts.FindingText;
import org.backcare.run.TimeLimit;
import org.backcare.simulate.FeedbackScenario;
import org.backcare.simulate.SimulatedWeek;
import org.backcare.simulate.Simulation;

/**
 * HTML for clinicians and the people they treat, from Mustache templates (which escape everything they insert): a
 * page per plan (triage, focus and week first; a print stylesheet that gives the take-home handout), the handout on
 * its own, and a static site (an overview for triage, a page per profile, the rule catalogue) that opens from disk
 * with no server and no network. The parts: {@link PlanView} (a plan's view), {@link Population} (what many plans
 * add up to), {@link BarChart}, {@link RuleAnchors} and {@link ReportSite} (writing a site). Thread-safe.
 */
public final class HtmlReport {
    /** How many weeks of a programme the profile pages show. */
    public static final int PROGRAMME_WEEKS = 12;

    /** The STarT Back Screening Tool's terms of use, shown wherever the report shows its risk groups. */
    public static final String START_BACK_LICENCE = "The STarT Back Screening Tool is \u00a9 Keele University: no"
            + " licence is needed for non-commercial use; commercial use needs Keele University's permission.";

    private static final List<String> TEMPLATES = List.of("profile", "handout-page", "index", "rules", "diff",
            "simulation", "style", "plan");

    private final Planner planner;
    private final RuleSet rules;
    private final Map<String, Mustache> templates = new LinkedHashMap<>();
    private final Simulation simulation;
    private final RuleAnchors anchors;
    private final PlanView plans;

    public HtmlReport(Planner planner) {
        this(planner, HandoutDetails.NONE);
    }

    /**
     * A report whose pages print handouts with {@code details} (who gave them, whom to call), and whose banners give
     * the date the plans were made when the details name one.
     */
    public HtmlReport(Planner planner, HandoutDetails details) {
        this.planner = planner;
        this.rules = planner.rules();
        DefaultMustacheFactory factory = new DefaultMustacheFactory("backcare/report");
        for (String name : TEMPLATES) templates.put(name, factory.compile(name + ".mustache"));
        simulation = new Simulation(planner);
        anchors = new RuleAnchors(rules.rules());
        plans = new PlanView(rules, anchors, details);
    }

    /** The plan of one profile as a self-contained page (no links to a catalogue, which is not beside it). */
    public String page(Profile profile, Plan plan, String source) {
        return render("profile", withTrajectory(profile, plan, plans.page(profile, plan, source, null, null)));
    }

    /**
     * The plan's sections as {@link #page} shows them (triage and findings, focus, the week, the programme, the other
     * recommendations, the profile's facts), to set in a page of another's: the review workspace's.
     */
    public String planSections(Profile profile, Plan plan, String source) {
        return render("plan", withTrajectory(profile, plan, plans.page(profile, plan, source, null, null)));
    }

    /** The stylesheet every page holds, as a {@code <style>} element. */
    public String styleElement() {
        return render("style", Map.of());
    }

    /** The handout of one plan: a page ready to print on one or two sheets. */
    public String handout(Plan plan, HandoutDetails details) {
        Map<String, Object> handout = plans.handout(plan, details);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", handout.containsKey("urgent") ? "Urgent: get medical help" : handout.get("title"));
        view.put("handout", handout);
        return render("handout-page", view);
    }

    /** A profile's page in a site: links to the overview and the catalogue beside it. */
    String sitePage(Profile profile, Plan plan, String source) {
        Map<String, Object> view = plans.page(profile, plan, source, "../index.html", "../" + ReportSite.RULES_PAGE);
        // thousands of pages share one stylesheet beside the overview rather than each holding a copy
        view.put("styleHref", "../" + ReportSite.STYLESHEET);
        return render("profile", withTrajectory(profile, plan, view));
    }

    /** The stylesheet the site's pages share: the one each standalone page holds, as a file. */
    String stylesheet() {
        String style = render("style", Map.of()).strip();
        return style.substring("<style>".length(), style.length() - "</style>".length()).strip() + "\n";
    }

    private Map<String, Object> withTrajectory(Profile profile, Plan plan, Map<String, Object> view) {
        if (plan.weeklyPlan() != null) {
            // the weeks ahead if every week is done in full and comfortably
            view.put("trajectory", Trajectory.view(FeedbackScenario.ALL_DONE,
                    simulation.run(profile, FeedbackScenario.ALL_DONE, PROGRAMME_WEEKS)));
        }
        return view;
    }

    /** A simulated programme as a self-contained page: the chart of minutes week by week and the table. */
    public String simulation(String profileId, String source, FeedbackScenario scenario, List<SimulatedWeek> weeks) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("profileId", profileId);
        view.put("source", PlanView.fileName(source));
        view.put("trajectory", Trajectory.view(scenario, weeks));
        view.put("disclaimer", Planner.DISCLAIMER);
        view.put("rulesVersion", rules.version());
        return render("simulation", view);
    }

    /** What a site holds: profiles planned and inputs that could not be read. */
    public record Site(int planned, List<String> failures) {
    }

    /**
     * Writes the site into {@code dir}: {@code index.html}, {@code rules.html} and {@code profiles/<id>.html}, for
     * every profile in the inputs (files, directories, and each line of {@code .jsonl} files).
     */
    public Site writeSite(List<Path> inputs, Path dir) throws IOException {
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            return writeSite(inputs, out, TimeLimit.DEFAULT);
        }
    }

    /**
     * As {@link #writeSite(List, Path)}, into a directory this run holds, failing a profile whose planning takes
     * longer than {@code timeLimit}. Nothing in the directory is followed as a link.
     */
    public Site writeSite(List<Path> inputs, OutputDirectory dir, Duration timeLimit) throws IOException {
        return new ReportSite(planner, this).write(inputs, dir, timeLimit);
    }

    /** A page of what a rule change does to plans: the counts, then each changed plan with its changes. */
    public String diff(String baseRulesVersion, List<PlanDiff> diffs) {
        return diff(baseRulesVersion, diffs, null, false);
    }

    /**
     * The diff page: what differs in the rules ({@code change}, when known), the counts, then the changes grouped:
     * plans whose changes read the same but for their numbers are one card with a count and the profiles, the cards
     * whose triage or recommendations changed first; with {@code linked}, each profile links to its plan before and
     * after ({@code plans/ID.before.json}, {@code plans/ID.after.json}, beside the page).
     */
    public String diff(String baseRulesVersion, List<PlanDiff> diffs, RuleSetChange change, boolean linked) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("baseRulesVersion", baseRulesVersion);
        view.put("rulesVersion", rules.version());
        view.put("counts", PlanDiff.Counts.of(diffs).inWords());
        view.put("ruleChanges", change == null ? List.of() : change.inWords());
        Map<String, List<PlanDiff>> groups = new LinkedHashMap<>();
        for (PlanDiff diff : diffs) {
            if (!diff.changed()) continue;
            groups.computeIfAbsent(String.join("\n", diff.changes()).replaceAll("\\d+(\\.\\d+)?", "#"),
                    key -> new ArrayList<>()).add(diff);
        }
        List<List<PlanDiff>> ordered = new ArrayList<>(groups.values());
        ordered.sort(java.util.Comparator.comparingInt((List<PlanDiff> group) -> weight(group.get(0)))
                .thenComparing(group -> -group.size()));
        List<Map<String, Object>> cards = new ArrayList<>();
        for (List<PlanDiff> group : ordered) {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("changes", group.get(0).changes());
            card.put("count", group.size());
            card.put("others", group.size() - 1);
            card.put("plural", group.size() > 1);
            card.put("first", group.get(0).profileId());
            card.put("profiles", group.stream().map(d -> Map.of("id", d.profileId(), "linked", linked)).toList());
            cards.add(card);
        }
        view.put("groups", cards);
        view.put("hasGroups", !cards.isEmpty());
        return render("diff", view);
    }

    /** How much a plan's change matters to its reader: triage, then recommendations, texts, reasons, the week. */
    private static int weight(PlanDiff diff) {
        if (diff.triageChanged()) return 0;
        if (!diff.added().isEmpty() || !diff.removed().isEmpty()) return 1;
        if (!diff.reranked().isEmpty()) return 2;
        if (!diff.reworded().isEmpty()) return 3;
        if (!diff.reasoned().isEmpty()) return 4;
        return diff.weekChanged() ? 5 : 6;
    }

    /** How soon a finding should be seen to, in a clinician's words ("within 24 hours"), as every report says it. */
    public static String timeframe(Within within) {
        return PlanView.timeframe(within);
    }

    /** The rule catalogue page on its own. */
    public String catalogue() {
        return catalogue(null);
    }

    /** The rule catalogue, with in how many profiles each rule fired when {@code fired} is given. */
    String catalogue(Map<String, Integer> fired) {
        List<Map<String, Object>> list = new ArrayList<>();
        Map<String, FindingText> findings = RuleEngine.of(rules).findingTexts().findings();
        for (RuleInfo rule : rules.rules()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", rule.name());
            row.put("anchor", anchors.anchor(rule.name()));
            row.put("location", anchors.location(rule.name()));
            AdviceText advice = rule.adviceId() == null ? null : rules.advice().get(rule.adviceId());
            if (advice != null) {
                row.put("adviceId", advice.id());
                row.put("title", advice.title());
                row.put("category", WireName.of(advice.category()));
                row.put("priority", rule.priority());
                row.put("citations", plans.citations(advice.evidence()));
            }
            FindingText finding = rule.findingId() == null ? null : findings.get(rule.findingId());
            if (finding != null) {
                row.put("findingId", finding.id());
                row.put("suspected", finding.suspected());
                row.put("within", PlanView.timeframe(finding.within()));
                row.put("action", finding.action());
                // the finding's sources, then those of its advice when the rule recommends one too
                Set<String> sources = new LinkedHashSet<>(finding.evidence());
                if (advice != null) sources.addAll(advice.evidence());
                row.put("citations", plans.citations(List.copyOf(sources)));
            }
            if (fired != null) row.put("fired", fired.getOrDefault(rule.name(), 0));
            list.add(row);
        }
        List<Map<String, Object>> activities = new ArrayList<>();
        for (CatalogueActivity activity : RuleEngine.of(rules).catalogue().entries()) {
            activities.add(Map.of("name", WireName.of(activity.activity()), "kind", WireName.of(activity.kind()),
                    "minutes", activity.shortestSession() + "-" + activity.longestSession(),
                    "intensities", String.join(", ", activity.intensities().stream().map(WireName::of).toList()),
                    "impact", WireName.of(activity.impact()), "spineLoad", WireName.of(activity.spineLoad())));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("rules", list);
        view.put("activities", activities);
        view.put("ruleCount", list.size());
        view.put("origin", PlanView.fileName(rules.origin()));
        view.put("licence", START_BACK_LICENCE);
        view.put("rulesVersion", rules.version());
        view.put("counted", fired != null);
        return render("rules", view);
    }

    RuleAnchors anchors() {
        return anchors;
    }

    String render(String template, Object view) {
        StringWriter out = new StringWriter();
        templates.get(template).execute(out, view);
        return out.toString();
    }
}
