package org.backcare.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.backcare.plan.Category;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RiskGroup;
import org.backcare.plan.Within;
import org.backcare.profile.WarningSign;
import org.backcare.profile.WireName;
import org.backcare.rules.RuleInfo;

/**
 * What a report's plans add up to: how many at each triage level (a self-care plan without a pain section counted
 * as "not assessed"), in each STarT Back risk group, with each category of advice, and in how many profiles each
 * rule fired; and the row of each profile for the overview, most urgent first. Used by one thread.
 */
final class Population {
    /**
     * The triage labels in the order the overview lists them: the most urgent first, then self-care plans whose red
     * flags were not screened (someone should ask), then the rest.
     */
    static final List<String> TRIAGE_ORDER = List.of("urgent", "see-clinician", PlanView.NOT_SCREENED, "self-care",
            "not assessed");
    private static final String RISK_NOT_SCREENED = "not screened";

    private final Map<String, Integer> triage = new LinkedHashMap<>();
    private final Map<String, Integer> risk = new LinkedHashMap<>();
    private final Map<Category, Integer> categories = new EnumMap<>(Category.class);
    private final Map<String, Integer> profilesWhereFired = new TreeMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();

    Population(List<RuleInfo> rules) {
        TRIAGE_ORDER.forEach(label -> triage.put(label, 0));
        for (RiskGroup group : RiskGroup.values()) risk.put(WireName.of(group), 0);
        risk.put(RISK_NOT_SCREENED, 0);
        rules.forEach(rule -> profilesWhereFired.put(rule.name(), 0));
    }

    /**
     * Counts one plan, the rules that fired for it (each once however often it fired) and its page, and makes its
     * row of the worklist: how soon and what for (its most urgent finding), the flags, the age, the clinician's action.
     */
    void add(Plan plan, int age, Set<String> firedRules, String link) {
        String triageLabel = PlanView.triageLabel(plan);
        triage.merge(triageLabel, 1, Integer::sum);
        String riskLabel = plan.riskGroup() == null ? RISK_NOT_SCREENED : WireName.of(plan.riskGroup());
        risk.merge(riskLabel, 1, Integer::sum);
        Set<String> planCategories = new LinkedHashSet<>();
        for (Recommendation r : plan.eachRecommendation()) {
            if (planCategories.add(WireName.of(r.category()))) categories.merge(r.category(), 1, Integer::sum);
        }
        for (String rule : firedRules) profilesWhereFired.merge(rule, 1, Integer::sum);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", plan.profileId());
        row.put("link", link);
        row.put("triage", triageLabel.replace(' ', '-'));
        row.put("risk", riskLabel);
        row.put("categories", String.join(" ", planCategories));
        row.put("recommendations", plan.recommendations().size());
        row.put("week", plan.weeklyPlan() == null ? "none" : plan.weeklyPlan().totalMinutes() + " min");
        row.put("order", TRIAGE_ORDER.indexOf(triageLabel));
        row.put("age", age);
        List<Finding> findings = plan.triage().findings();
        Finding first = findings.isEmpty() ? null : findings.get(0);
        row.put("within", first == null ? Within.values().length : first.within().ordinal());
        row.put("timeframe", first == null ? "" : PlanView.timeframe(first.within()));
        row.put("suspected", first == null ? "" : first.suspected()
                + (findings.size() > 1 ? " (+" + (findings.size() - 1) + " more)" : ""));
        row.put("flags", String.join(", ", findings.stream().flatMap(f -> f.flags().stream()).map(WarningSign::wire)
                .distinct().toList()));
        row.put("action", first == null ? (plan.triage().redFlagsScreened() ? "" : "Ask about red flags")
                : PlanView.clinicianAction(first));
        row.put("screened", plan.triage().redFlagsScreened() ? "yes" : "no");
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    /**
     * The worklist's rows: urgent first, then see-clinician, then not screened, then the rest; within a level the most
     * urgent finding first (now, 24 hours, 1 week, routine); input order within that.
     */
    List<Map<String, Object>> rows() {
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt((Map<String, Object> row) -> (Integer) row.get("order"))
                .thenComparingInt(row -> (Integer) row.get("within")));
        return sorted;
    }

    /** The columns of the worklist's CSV, in order. */
    static final List<String> CSV_COLUMNS = List.of("profile", "triage", "timeframe", "suspected", "flags", "age",
            "action", "STarT Back", "red flags screened", "week", "page");

    /** The worklist as CSV (RFC 4180), in the order of {@link #rows()}. */
    String csv() {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (Map<String, Object> row : rows()) {
            List<Object> values = List.of(row.get("id"), row.get("triage"), row.get("timeframe"), row.get("suspected"),
                    row.get("flags"), row.get("age"), row.get("action"), row.get("risk"), row.get("screened"),
                    row.get("week"), row.get("link"));
            List<String> cells = new ArrayList<>(values.size());
            for (Object value : values) cells.add(cell(String.valueOf(value)));
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    /**
     * One CSV cell: quoted when it holds a comma, quote or line break (quotes doubled); a cell that a spreadsheet
     * would read as a formula (starting with =, +, -, @) is prefixed with an apostrophe, since profile ids are input.
     */
    static String cell(String value) {
        String text = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** The counts at the top of the overview: per triage level and per risk group. */
    List<Map<String, Object>> counts() {
        Map<String, String> colours = new LinkedHashMap<>();
        TRIAGE_ORDER.forEach(label -> colours.put(label, label.replace(' ', '-')));
        return List.of(
                BarChart.of("Profiles by triage level", "Triage", "Profiles", triage, colours, size()),
                BarChart.of("Profiles by STarT Back risk group", "Risk group", "Profiles", risk, Map.of(), size()));
    }

    /** The charts further down: advice categories, and the rules that fired in most profiles. */
    List<Map<String, Object>> charts() {
        Map<String, Integer> categoryCounts = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            categoryCounts.put(WireName.of(category), categories.getOrDefault(category, 0));
        }
        Map<String, Integer> topRules = new LinkedHashMap<>();
        profilesWhereFired.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(20).forEach(e -> topRules.put(e.getKey(), e.getValue()));
        return List.of(
                BarChart.of("Profiles with advice in each category", "Category", "Profiles", categoryCounts, Map.of(),
                        size()),
                BarChart.of("The 20 rules that fired in most profiles", "Rule", "Profiles where the rule fired",
                        topRules, Map.of(), size()));
    }

    /** How many profiles each rule fired for, by rule name. */
    Map<String, Integer> profilesWhereFired() {
        return profilesWhereFired;
    }

    List<Map<String, Object>> options(String what) {
        List<String> values = switch (what) {
            case "triage" -> TRIAGE_ORDER.stream().map(label -> label.replace(' ', '-')).toList();
            case "risk" -> List.copyOf(risk.keySet());
            default -> java.util.Arrays.stream(Category.values()).map(WireName::of).toList();
        };
        return values.stream().map(value -> Map.<String, Object>of("value", value)).toList();
    }
}
