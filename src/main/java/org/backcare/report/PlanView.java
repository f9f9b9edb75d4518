package org.backcare.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.ScheduledActivity;
import org.backcare.plan.Triage;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.WeeklyPlan;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileWriter;
import org.backcare.profile.WireName;
import org.backcare.rules.Evidence;
import org.backcare.rules.RuleSet;

/**
 * The view of one plan for the templates, in the order a clinician reads it: triage with the findings' actions and
 * timeframes, the focus, the week, the other recommendations by category, then the profile's facts; and the
 * handout a person takes home (focus, week, what to do if pain rises, when to seek care). Thread-safe.
 */
final class PlanView {
    /** The advice whose text says what to do when pain rises during or after activity. */
    static final String PAIN_RISES = "movement-sweet-spot";
    /** The advice whose text says which symptoms need care. */
    static final String WARNING_SIGNS = "education-know-warning-signs";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RuleSet rules;
    private final RuleAnchors anchors;

    PlanView(RuleSet rules, RuleAnchors anchors) {
        this.rules = rules;
        this.anchors = anchors;
    }

    /** How the overview and the pages name a self-care plan whose pain section does not say which red flags were asked. */
    static final String NOT_SCREENED = "red flags not screened";

    /**
     * The triage as shown: its level; for a self-care plan, "red flags not screened" when the pain section did not
     * say which were asked, or "not assessed" without a pain section.
     */
    static String triageLabel(Plan plan) {
        if (plan.triage().level() == TriageLevel.SELF_CARE && plan.notAssessed().contains("pain")) {
            return "not assessed";
        }
        if (plan.triage().level() == TriageLevel.SELF_CARE && !plan.triage().redFlagsScreened()) return NOT_SCREENED;
        return WireName.of(plan.triage().level());
    }

    /**
     * The page's view.
     *
     * @param rulesPage the catalogue's address from the page, or {@code null} when the page stands alone
     */
    Map<String, Object> page(Profile profile, Plan plan, String source, String home, String rulesPage) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("profileId", plan.profileId());
        view.put("source", source);
        view.put("home", home);
        view.put("rulesPage", rulesPage);
        String triage = triageLabel(plan);
        view.put("triageLabel", triage);
        view.put("triageClass", triage.replace(' ', '-'));
        view.put("riskGroup", plan.riskGroup() == null ? null : WireName.of(plan.riskGroup()));
        List<Map<String, Object>> findings = findings(plan);
        view.put("hasFindings", !findings.isEmpty());
        view.put("findings", findings);
        view.put("notAssessedText", plan.notAssessed().isEmpty() ? null : String.join(", ", plan.notAssessed()));
        view.put("notScreened", plan.triage().redFlagsScreened() ? null : Triage.NOT_SCREENED_NOTICE);
        view.put("clinician", plan.triage().clinician() == null ? null : plan.triage().clinician().summary());
        List<Map<String, Object>> focus = new ArrayList<>();
        Map<Category, List<Map<String, Object>>> more = new LinkedHashMap<>();
        for (Recommendation r : plan.eachRecommendation()) {
            if (plan.focus().contains(r.id())) {
                focus.add(recommendation(r, 3, rulesPage));
            } else {
                more.computeIfAbsent(r.category(), c -> new ArrayList<>()).add(recommendation(r, 4, rulesPage));
            }
        }
        view.put("hasFocus", !focus.isEmpty());
        view.put("focus", focus);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Category category : Category.values()) {
            List<Map<String, Object>> items = more.get(category);
            if (items == null) continue;
            groups.add(Map.of("category", WireName.of(category), "count", items.size(), "recommendations", items));
        }
        view.put("hasMore", !groups.isEmpty());
        view.put("groups", groups);
        view.put("week", week(plan.weeklyPlan()));
        if (plan.progression() != null) {
            view.put("progression", Map.of("week", plan.progression().week(),
                    "decision", WireName.of(plan.progression().decision()),
                    "fromMinutes", plan.progression().fromMinutes(), "toMinutes", plan.progression().toMinutes()));
        }
        view.put("facts", facts(profile));
        view.put("handout", handout(plan));
        view.put("disclaimer", plan.disclaimer());
        view.put("licence", HtmlReport.START_BACK_LICENCE);
        view.put("rulesVersion", plan.rulesVersion());
        return view;
    }

    /** The handout's view: what a person takes home, fitting one or two printed pages. */
    Map<String, Object> handout(Plan plan) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("notScreened", !plan.triage().redFlagsScreened());
        List<Map<String, Object>> findings = findings(plan);
        view.put("hasFindings", !findings.isEmpty());
        view.put("findings", findings);
        List<Map<String, Object>> focus = plan.recommendations().stream().filter(r -> plan.focus().contains(r.id()))
                .map(r -> Map.<String, Object>of("title", r.title(), "advice", r.advice())).toList();
        view.put("hasFocus", !focus.isEmpty());
        view.put("focus", focus);
        view.put("week", week(plan.weeklyPlan()));
        List<String> painRises = new ArrayList<>();
        List<String> seekCare = new ArrayList<>();
        for (Recommendation r : plan.eachRecommendation()) {
            if (r.id().equals(PAIN_RISES)) painRises.add(r.advice());
            // the focus above already says what is in it: the handout says it once
            boolean inFocus = plan.focus().contains(r.id());
            if ((r.category() == Category.SAFETY || r.id().equals(WARNING_SIGNS)) && !inFocus) seekCare.add(r.advice());
        }
        boolean warned = plan.recommendations().stream()
                .anyMatch(r -> r.category() == Category.SAFETY || r.id().equals(WARNING_SIGNS));
        if (!warned) {
            seekCare.add("If you are worried about your back, or it is not getting better, talk to your doctor or"
                    + " a physiotherapist.");
        } else if (seekCare.isEmpty()) {
            seekCare.add("When to seek care is at the top of this plan, under \"Focus this week\": follow it before"
                    + " anything else.");
        }
        view.put("painRises", painRises);
        view.put("seekCare", seekCare);
        view.put("disclaimer", plan.disclaimer());
        view.put("profileId", plan.profileId());
        view.put("rulesVersion", plan.rulesVersion());
        return view;
    }

    private static List<Map<String, Object>> findings(Plan plan) {
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding finding : plan.triage().findings()) {
            findings.add(Map.of("suspected", finding.suspected(), "action", finding.action(),
                    "within", within(finding) + (finding.persisting() ? " (reported last week too)" : ""),
                    "flags", finding.flagNames(), "because", String.join("; ", finding.because())));
        }
        return findings;
    }

    private static String within(Finding finding) {
        return switch (finding.within()) {
            case NOW -> "Now";
            case HOURS_24 -> "Within 24 hours";
            case WEEK_1 -> "Within a week";
            case ROUTINE -> "At a routine appointment";
        };
    }

    private Map<String, Object> recommendation(Recommendation r, int level, String rulesPage) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("level", level);
        item.put("rank", r.rank());
        item.put("id", r.id());
        item.put("title", r.title());
        item.put("category", WireName.of(r.category()));
        item.put("priority", r.priority());
        item.put("advice", r.advice());
        item.put("because", r.because());
        item.put("rule", r.rule());
        String anchor = anchors.anchor(r.rule());
        item.put("ruleLink", rulesPage == null || anchor == null ? null : rulesPage + "#" + anchor);
        item.put("ruleLocation", anchors.location(r.rule()));
        item.put("citations", citations(r.evidence()));
        return item;
    }

    /** The sources for the ids, each with its address when it has one. */
    List<Map<String, Object>> citations(List<String> ids) {
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

    /**
     * The week: its days, the sessions' exercises once per activity, and a summary that counts the activity (the
     * week's dose, as the dose advice counts it) apart from the daily mobility routine.
     */
    private static Map<String, Object> week(WeeklyPlan week) {
        if (week == null) return null;
        List<Map<String, Object>> days = new ArrayList<>();
        for (DayPlan day : week.days()) {
            List<Map<String, Object>> entries = new ArrayList<>();
            List<String> line = new ArrayList<>();
            for (ScheduledActivity a : day.activities()) {
                String kind = a.kind() == ActivityKind.MOBILITY ? "mobility" : WireName.of(a.kind());
                entries.add(Map.of("activity", a.activity(), "minutes", a.minutes(),
                        "intensity", WireName.of(a.intensity()), "kind", kind,
                        "kindLabel", a.kind() == ActivityKind.MOBILITY ? "daily routine" : kind));
                line.add(a.activity() + " " + a.minutes() + " min (" + WireName.of(a.intensity()) + ")");
            }
            days.add(Map.of("name", day.day().getDisplayName(TextStyle.FULL, Locale.ENGLISH), "entries", entries,
                    "line", line.isEmpty() ? "rest" : String.join("; ", line)));
        }
        int activity = week.mainMinutes();
        int mobility = week.totalMinutes() - activity;
        String summary = activity + " minutes of activity"
                + (mobility == 0 ? "" : " and " + mobility + " minutes of the daily spine routine (" + week.totalMinutes()
                        + " minutes in all)") + ".";
        return Map.of("days", days, "summary", summary, "totalMinutes", week.totalMinutes(),
                "exercises", week.exercisesByActivity().entrySet().stream()
                        .map(e -> Map.of("activity", e.getKey(), "steps", e.getValue())).toList());
    }

    /** The profile's facts by section, as field and value rows, in the order of the profile format. */
    static List<Map<String, Object>> facts(Profile profile) {
        JsonNode tree;
        try {
            tree = JSON.readTree(new ProfileWriter().toJsonLine(profile));
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
            sections.add(Map.of("section", words(section.getKey()), "rows", rows));
        }
        for (String missing : profile.notAssessed()) {
            sections.add(Map.of("section", words(missing), "rows",
                    List.of(Map.of("field", "(no section)", "value", "not assessed"))));
        }
        return sections;
    }

    private static void flatten(String prefix, JsonNode node, List<Map<String, Object>> rows) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            String name = prefix + words(field.getKey());
            if (value.isObject()) {
                flatten(name + ": ", value, rows);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                // a list of objects (clinician.assessed): each as its values, "osteoporosis-or-steroids 2026-11-20 ..."
                value.forEach(item -> items.add(item.isObject() ? String.join(" ", values(item)) : text(item)));
                rows.add(Map.of("field", name, "value", items.isEmpty() ? "none" : String.join(", ", items)));
            } else {
                rows.add(Map.of("field", name, "value", text(value)));
            }
        }
    }

    private static List<String> values(JsonNode object) {
        List<String> values = new ArrayList<>();
        object.forEach(value -> values.add(text(value)));
        return values;
    }

    /** A value as the profile would write it: 9 for a whole number, never 9.0. */
    private static String text(JsonNode value) {
        if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()) && Math.abs(value.asDouble()) < 1e15) {
            return Long.toString(value.asLong());
        }
        return value.asText();
    }

    /** A camelCase name in words: {@code currentIntensity} is "current intensity". */
    static String words(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
