package org.backcare.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.format.TextStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.backcare.Planner;
import org.backcare.batch.OutputDirectory;
import org.backcare.batch.TimeLimit;
import org.backcare.batch.ProfileInputs;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RiskGroup;
import org.backcare.plan.ScheduledActivity;
import org.backcare.plan.TriageLevel;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileWriter;
import org.backcare.profile.WireName;
import org.backcare.rules.AdviceText;
import org.backcare.rules.Evidence;
import org.backcare.rules.RuleInfo;
import org.backcare.rules.RuleSet;
import org.backcare.simulate.FeedbackScenario;
import org.backcare.simulate.SimulatedWeek;
import org.backcare.simulate.Simulation;

/**
 * HTML for clinicians, from Mustache templates (which escape everything they insert): one self-contained page per
 * plan, and a static site (overview with charts, a page per profile, the rule catalogue) that opens from disk with
 * no server and no network. Thread-safe.
 */
public final class HtmlReport {
    /** How many weeks of a programme the profile pages show. */
    public static final int PROGRAMME_WEEKS = 12;

    /** The STarT Back Screening Tool's terms of use, shown wherever the report shows its risk groups. */
    public static final String START_BACK_LICENCE = "The STarT Back Screening Tool is \u00a9 Keele University: no"
            + " licence is needed for non-commercial use; commercial use needs Keele University's permission.";

    private static final String RULES_PAGE = "rules.html";
    private static final Map<TriageLevel, String> TRIAGE_COLOURS = Map.of(TriageLevel.SELF_CARE, "#027a48",
            TriageLevel.SEE_CLINICIAN, "#b54708", TriageLevel.URGENT, "#b42318");
    private static final String BAR = "#3e7cb1";

    private final Planner planner;
    private final RuleSet rules;
    private final Mustache profilePage;
    private final Mustache indexPage;
    private final Mustache rulesPage;
    private final Mustache diffPage;
    private final Mustache simulationPage;
    private final Simulation simulation;
    private final Map<String, String> anchors = new LinkedHashMap<>();
    private final Map<String, String> locations = new LinkedHashMap<>();

    public HtmlReport(Planner planner) {
        this.planner = planner;
        this.rules = planner.rules();
        DefaultMustacheFactory templates = new DefaultMustacheFactory("backcare/report");
        profilePage = templates.compile("profile.mustache");
        indexPage = templates.compile("index.mustache");
        rulesPage = templates.compile("rules.mustache");
        diffPage = templates.compile("diff.mustache");
        simulationPage = templates.compile("simulation.mustache");
        simulation = new Simulation(planner);
        List<RuleInfo> all = rules.rules();
        for (int i = 0; i < all.size(); i++) {
            anchors.put(all.get(i).name(), "rule-" + (i + 1));
            locations.put(all.get(i).name(), all.get(i).file() + ":" + all.get(i).line());
        }
    }

    /** The plan of one profile as a self-contained HTML page. */
    public String page(Profile profile, Plan plan, String source) {
        return render(profilePage, planView(profile, plan, source, null, RULES_PAGE));
    }

    /** A simulated programme as a self-contained page: the chart of minutes week by week and the table. */
    public String simulation(String profileId, String source, FeedbackScenario scenario, List<SimulatedWeek> weeks) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("profileId", profileId);
        view.put("source", source);
        view.put("trajectory", Trajectory.view(scenario, weeks));
        view.put("disclaimer", Planner.DISCLAIMER);
        view.put("rulesVersion", rules.version());
        return render(simulationPage, view);
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
        dir.directory("profiles");
        Map<String, Integer> fired = new TreeMap<>();
        rules.rules().forEach(rule -> fired.put(rule.name(), 0));
        Map<TriageLevel, Integer> triage = new EnumMap<>(TriageLevel.class);
        Map<String, Integer> risk = new LinkedHashMap<>();
        for (RiskGroup group : RiskGroup.values()) risk.put(WireName.of(group), 0);
        risk.put("not screened", 0);
        Map<Category, Integer> categories = new EnumMap<>(Category.class);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<IOException> writeErrors = new ArrayList<>();
        Map<String, String> firstWithId = new HashMap<>();
        ProfileInputs.forEach(inputs, read -> {
            if (read.profile() == null || !writeErrors.isEmpty()) {
                failures.addAll(read.problems());
                return;
            }
            Profile profile = read.profile();
            // As in batch, the first profile with an id is the one reported; a later one never overwrites its page.
            String first = firstWithId.putIfAbsent(profile.id(), read.where());
            if (first != null) {
                failures.add(read.where() + ": id " + profile.id() + " is also the id of " + first + "; expected each"
                        + " profile to have its own id, so this one is not in the report");
                return;
            }
            List<String> firedForThis = new ArrayList<>();
            Plan plan;
            try {
                plan = TimeLimit.call(() -> planner.plan(profile, firedForThis::add), timeLimit);
            } catch (TimeLimit.Exceeded e) {
                failures.add(read.where() + ": " + e.getMessage());
                return;
            }
            firedForThis.forEach(name -> fired.merge(name, 1, Integer::sum));
            triage.merge(plan.triage().level(), 1, Integer::sum);
            risk.merge(plan.riskGroup() == null ? "not screened" : WireName.of(plan.riskGroup()), 1, Integer::sum);
            for (Recommendation r : plan.recommendations()) categories.merge(r.category(), 1, Integer::sum);
            String link = "profiles/" + profile.id() + ".html";
            try {
                dir.write(link, render(profilePage,
                        planView(profile, plan, read.where(), "../index.html", "../" + RULES_PAGE)));
            } catch (IOException e) {
                writeErrors.add(e);
                return;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", profile.id());
            row.put("link", link);
            row.put("triage", WireName.of(plan.triage().level()));
            row.put("risk", plan.riskGroup() == null ? "-" : WireName.of(plan.riskGroup()));
            row.put("recommendations", plan.recommendations().size());
            row.put("week", plan.weeklyPlan() == null ? "none" : plan.weeklyPlan().totalMinutes() + " min");
            rows.add(row);
        });
        if (!writeErrors.isEmpty()) throw writeErrors.get(0);

        List<Map<String, Object>> charts = new ArrayList<>();
        Map<String, Integer> triageCounts = new LinkedHashMap<>();
        List<String> triageColours = new ArrayList<>();
        for (TriageLevel level : TriageLevel.values()) {
            triageCounts.put(WireName.of(level), triage.getOrDefault(level, 0));
            triageColours.add(TRIAGE_COLOURS.get(level));
        }
        charts.add(chart("Triage levels", triageCounts, triageColours, false));
        charts.add(chart("STarT Back risk groups", risk, null, false));
        Map<String, Integer> categoryCounts = new LinkedHashMap<>();
        for (Category category : Category.values()) categoryCounts.put(WireName.of(category),
                categories.getOrDefault(category, 0));
        charts.add(chart("Recommendations by category", categoryCounts, null, false));
        Map<String, Integer> topRules = new LinkedHashMap<>();
        fired.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(20).forEach(e -> topRules.put(shorten(e.getKey()), e.getValue()));
        charts.add(chart("The 20 rules that fired most (times fired)", topRules, null, true));

        List<Map<String, Object>> never = new ArrayList<>();
        for (RuleInfo rule : rules.rules()) {
            if (fired.getOrDefault(rule.name(), 0) == 0) {
                never.add(Map.of("name", rule.name(), "anchor", anchors.get(rule.name()),
                        "location", locations.get(rule.name())));
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("profileCount", rows.size());
        index.put("failedCount", failures.isEmpty() ? null : failures.size());
        index.put("failures", failures);
        index.put("hasFailures", !failures.isEmpty());
        index.put("rulesVersion", rules.version());
        index.put("origin", rules.origin());
        index.put("licence", START_BACK_LICENCE);
        index.put("charts", charts);
        index.put("neverFired", never);
        index.put("profiles", rows);
        dir.write("index.html", render(indexPage, index));
        dir.write(RULES_PAGE, render(rulesPage, catalogueView(fired)));
        return new Site(rows.size(), failures);
    }

    /** A page of what a rule change does to plans: the counts, then each changed plan with its changes. */
    public String diff(String baseRulesVersion, List<PlanDiff> diffs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("baseRulesVersion", baseRulesVersion);
        view.put("rulesVersion", rules.version());
        view.put("counts", PlanDiff.Counts.of(diffs).inWords());
        view.put("plans", diffs.stream().filter(PlanDiff::changed).toList());
        return render(diffPage, view);
    }

    /** The rule catalogue page on its own (fired counts left out). */
    public String catalogue() {
        return render(rulesPage, catalogueView(null));
    }

    private Map<String, Object> catalogueView(Map<String, Integer> fired) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RuleInfo rule : rules.rules()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", rule.name());
            row.put("anchor", anchors.get(rule.name()));
            row.put("location", locations.get(rule.name()));
            AdviceText advice = rule.adviceId() == null ? null : rules.advice().get(rule.adviceId());
            if (advice != null) {
                row.put("adviceId", advice.id());
                row.put("title", advice.title());
                row.put("category", WireName.of(advice.category()));
                row.put("priority", rule.priority());
                row.put("citations", citations(advice.evidence()));
            }
            if (fired != null) row.put("fired", fired.getOrDefault(rule.name(), 0));
            list.add(row);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("rules", list);
        view.put("ruleCount", list.size());
        view.put("origin", rules.origin());
        view.put("licence", START_BACK_LICENCE);
        view.put("rulesVersion", rules.version());
        view.put("counted", fired != null);
        return view;
    }

    private Map<String, Object> planView(Profile profile, Plan plan, String source, String home, String rulesLink) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("profileId", plan.profileId());
        view.put("source", source);
        view.put("home", home);
        view.put("rulesPage", rulesLink);
        view.put("facts", facts(profile));
        view.put("notAssessed", plan.notAssessed());
        view.put("triageLevel", WireName.of(plan.triage().level()));
        view.put("triageReasons", plan.triage().reasons());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding finding : plan.triage().findings()) {
            findings.add(Map.of("suspected", finding.suspected(), "action", finding.action(),
                    "within", WireName.of(finding.within()),
                    "flags", String.join(", ", finding.flags().stream().map(WireName::of).toList())));
        }
        view.put("findings", findings);
        view.put("hasFocus", !plan.focus().isEmpty());
        view.put("focus", plan.recommendations().stream().filter(r -> plan.focus().contains(r.id()))
                .map(r -> Map.of("id", r.id(), "title", r.title())).toList());
        view.put("riskGroup", plan.riskGroup() == null ? null : WireName.of(plan.riskGroup()));
        List<Map<String, Object>> recommendations = new ArrayList<>();
        for (Recommendation r : plan.recommendations()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("rank", r.rank());
            item.put("id", r.id());
            item.put("title", r.title());
            item.put("category", WireName.of(r.category()));
            item.put("priority", r.priority());
            item.put("advice", r.advice());
            item.put("because", r.because());
            item.put("rule", r.rule());
            item.put("ruleAnchor", anchors.getOrDefault(r.rule(), ""));
            item.put("ruleLocation", locations.getOrDefault(r.rule(), "?"));
            item.put("rulesPage", rulesLink);
            item.put("citations", citations(r.evidence()));
            recommendations.add(item);
        }
        view.put("recommendations", recommendations);
        if (plan.weeklyPlan() != null) {
            List<Map<String, Object>> days = new ArrayList<>();
            Map<String, List<String>> exercises = new LinkedHashMap<>();
            for (DayPlan day : plan.weeklyPlan().days()) {
                List<Map<String, Object>> entries = new ArrayList<>();
                for (ScheduledActivity a : day.activities()) {
                    entries.add(Map.of("activity", a.activity(), "minutes", a.minutes(),
                            "intensity", WireName.of(a.intensity()),
                            "kind", a.kind() == ActivityKind.MOBILITY ? "mobility" : WireName.of(a.kind())));
                    if (!a.exercises().isEmpty()) exercises.putIfAbsent(a.activity(), a.exercises());
                }
                days.add(Map.of("name", day.day().getDisplayName(TextStyle.FULL, Locale.ENGLISH), "entries", entries));
            }
            view.put("week", Map.of("days", days, "totalMinutes", plan.weeklyPlan().totalMinutes(),
                    "exercises", exercises.entrySet().stream()
                            .map(e -> Map.of("activity", e.getKey(), "steps", e.getValue())).toList()));
        }
        if (plan.weeklyPlan() != null) {
            // the weeks ahead if every week is done in full and comfortably
            view.put("trajectory", Trajectory.view(FeedbackScenario.ALL_DONE,
                    simulation.run(profile, FeedbackScenario.ALL_DONE, PROGRAMME_WEEKS)));
        }
        view.put("disclaimer", plan.disclaimer());
        view.put("licence", START_BACK_LICENCE);
        view.put("rulesVersion", plan.rulesVersion());
        return view;
    }

    private List<Map<String, Object>> citations(List<String> ids) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : ids) {
            Evidence source = rules.evidence().get(id);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", id);
            item.put("citation", source == null ? id : source.citation());
            item.put("url", source == null ? null : source.url());
            list.add(item);
        }
        return list;
    }

    /** The profile's facts by section, as field and value rows, in the order of the profile format. */
    private static List<Map<String, Object>> facts(Profile profile) {
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(new ProfileWriter().toJsonLine(profile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> sections = new ArrayList<>();
        List<Map<String, Object>> person = new ArrayList<>();
        person.add(Map.of("field", "id", "value", profile.id()));
        person.add(Map.of("field", "age", "value", profile.age()));
        sections.add(Map.of("section", "person", "rows", person));
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            if (!section.getValue().isObject()) continue;
            List<Map<String, Object>> rows = new ArrayList<>();
            flatten("", section.getValue(), rows);
            sections.add(Map.of("section", section.getKey(), "rows", rows));
        }
        return sections;
    }

    private static void flatten(String prefix, JsonNode node, List<Map<String, Object>> rows) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(prefix + field.getKey() + ".", value, rows);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                rows.add(Map.of("field", prefix + field.getKey(), "value", items.isEmpty() ? "none" : String.join(", ", items)));
            } else {
                rows.add(Map.of("field", prefix + field.getKey(), "value", value.asText()));
            }
        }
    }

    /** A horizontal bar chart as inline SVG data: one bar per label, scaled to the largest count. */
    private static Map<String, Object> chart(String title, Map<String, Integer> counts, List<String> colours,
            boolean wide) {
        int labels = wide ? 520 : 130;
        int barRoom = wide ? 320 : 240;
        int max = Math.max(1, counts.values().stream().max(Comparator.naturalOrder()).orElse(1));
        List<Map<String, Object>> bars = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            int width = Math.round((float) barRoom * count.getValue() / max);
            bars.add(Map.of("label", count.getKey(), "count", count.getValue(), "width", width,
                    "countX", labels + width + 6, "y", i * 22, "barX", labels,
                    "colour", colours == null ? BAR : colours.get(i)));
            i++;
        }
        return Map.of("title", title, "bars", bars, "height", Math.max(22, i * 22), "size", wide ? "wide" : "",
                "viewWidth", labels + barRoom + 40, "barX", labels);
    }

    private static String shorten(String ruleName) {
        return ruleName.length() <= 80 ? ruleName : ruleName.substring(0, 79) + "…";
    }

    private static String render(Mustache template, Object view) {
        StringWriter out = new StringWriter();
        template.execute(out, view);
        return out.toString();
    }
}
