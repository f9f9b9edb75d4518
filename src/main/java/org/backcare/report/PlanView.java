package org.backcare.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backcare.Planner;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RuleReasons;
import org.backcare.plan.ScheduledActivity;
import org.backcare.plan.Triage;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.WeeklyPlan;
import org.backcare.plan.Within;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileWriter;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;
import org.backcare.rules.Evidence;
import org.backcare.rules.RuleSet;
import org.backcare.rules.facts.PlainWords;

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
    /** Made once: a writer builds its JSON mapper when made, which costs more than writing a profile. Thread-safe. */
    private static final ProfileWriter PROFILE_JSON = new ProfileWriter();
    private final RuleSet rules;
    private final RuleAnchors anchors;

    private final HandoutDetails details;

    PlanView(RuleSet rules, RuleAnchors anchors, HandoutDetails details) {
        this.rules = rules;
        this.anchors = anchors;
        this.details = details;
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
        view.put("source", fileName(source));
        view.put("banner", banner(profile, plan, details.date()));
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
        view.put("handout", handout(plan, details));
        view.put("disclaimer", plan.disclaimer());
        view.put("licence", HtmlReport.START_BACK_LICENCE);
        view.put("rulesVersion", plan.rulesVersion());
        return view;
    }

    /**
     * One tier of the handout's "When to get help": how soon, where to go, the warning signs that alone lead there
     * (as the safety rules place each one with back pain; a test plans each sign and checks its tier), and the
     * combinations that lead there too.
     */
    record SeekCare(Within within, String where, List<RedFlag> signs, List<String> combinations) {
    }

    /** The handout's "When to get help", most urgent first (PROFILE.md's red-flag tables; safety.drl). */
    static final List<SeekCare> SEEK_CARE = List.of(
            new SeekCare(Within.NOW, "Now: go to A&E or call {emergency}", List.of(RedFlag.BLADDER_OR_BOWEL_CHANGE,
                    RedFlag.SADDLE_NUMBNESS, RedFlag.SCIATICA_BOTH_LEGS, RedFlag.PROGRESSIVE_LEG_WEAKNESS,
                    RedFlag.NEW_SEXUAL_DYSFUNCTION, RedFlag.UNSTEADY_WALKING, RedFlag.RECENT_MAJOR_TRAUMA),
                    List.of("if you have had cancer: pain down a leg")),
            new SeekCare(Within.HOURS_24, "Today: call your GP practice, or an out-of-hours service when it is"
                    + " closed,", List.of(RedFlag.FEVER), List.of("if you have had cancer: severe or worsening pain,"
                    + " or losing weight without trying", "a weakened immune system with a recent infection",
                    "a sign from the list below still there a week later and not yet checked")),
            new SeekCare(Within.WEEK_1, "Within a week: book with your GP", List.of(RedFlag.HISTORY_OF_CANCER,
                    RedFlag.UNEXPLAINED_WEIGHT_LOSS, RedFlag.OSTEOPOROSIS_OR_STEROIDS, RedFlag.CONSTANT_NIGHT_PAIN,
                    RedFlag.IV_DRUG_USE, RedFlag.IMMUNOSUPPRESSED, RedFlag.RECENT_INFECTION),
                    List.of("new severe back pain at 70 or older")),
            new SeekCare(Within.ROUTINE, "At your next appointment, tell your GP about",
                    List.of(RedFlag.INFLAMMATORY_PATTERN), List.of("back pain that is not getting better")));

    /** The tiers as the handout shows them, with the emergency number put in. */
    static List<Map<String, Object>> seekCare(String emergency) {
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (SeekCare tier : SEEK_CARE) {
            List<String> items = new ArrayList<>();
            for (RedFlag sign : tier.signs()) items.add(PlainWords.sign(sign.wire()));
            items.addAll(tier.combinations());
            tiers.add(Map.of("within", tier.within().wireName(), "where", tier.where().replace("{emergency}", emergency),
                    "items", String.join("; ", items)));
        }
        return tiers;
    }

    /** What "light" and the other intensities mean, beside the week: WHO 2020's 0-10 scale of effort. */
    static final List<Map<String, Object>> INTENSITIES = List.of(
            Map.of("name", "gentle", "meaning", "slow and easy"),
            Map.of("name", "light", "meaning", "3 to 4, you can talk easily"),
            Map.of("name", "moderate", "meaning", "5 to 6, you breathe faster but can still talk"),
            Map.of("name", "vigorous", "meaning", "7 to 8, you can say only a few words"));

    /**
     * The patient banner a clinician reads first: who (id, age), the pain now and usually, for how long, the STarT
     * Back group, whether red flags were screened, the triage, and the rules that made the plan.
     */
    static List<Map<String, Object>> banner(Profile profile, Plan plan, String date) {
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Map.of("label", "Age", "value", profile.age()));
        if (profile.pain() != null) {
            Integer usual = profile.pain().usualIntensity();
            items.add(Map.of("label", "Pain now / usual", "value", profile.pain().currentIntensity() + " / "
                    + (usual == null ? "not given" : usual) + " out of 10"));
            Integer weeks = profile.pain().durationWeeks();
            items.add(Map.of("label", "Duration", "value", weeks == null ? "not given"
                    : weeks + (weeks == 1 ? " week" : " weeks")));
        } else {
            items.add(Map.of("label", "Pain", "value", "not assessed"));
        }
        items.add(Map.of("label", "STarT Back", "value", plan.riskGroup() == null ? "not scored"
                : WireName.of(plan.riskGroup()) + " risk"));
        items.add(Map.of("label", "Red flags", "value", plan.triage().redFlagsScreened() ? "screened"
                : "NOT screened"));
        items.add(Map.of("label", "Triage", "value", triageLabel(plan)));
        items.add(Map.of("label", "Rules", "value", shortVersion(plan.rulesVersion())));
        if (date != null) items.add(Map.of("label", "Plan made", "value", date));
        return items;
    }

    /** A rules version as a person can compare it at a glance: its first 12 hex digits. */
    static String shortVersion(String version) {
        int colon = version.indexOf(':');
        String hex = colon < 0 ? version : version.substring(colon + 1);
        return hex.length() <= 12 ? version : hex.substring(0, 12);
    }

    /** Where a profile came from without the directories above it: a page shows no local path. */
    static String fileName(String source) {
        if (source == null) return null;
        int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return slash < 0 ? source : source.substring(slash + 1);
    }

    /**
     * The handout's view: what a person takes home, fitting two printed pages. An urgent plan is one red box that
     * says where to go and whom to call, with its one safety advice and the signs to name, and nothing about
     * exercise. Any other: who it is for and who gave it, the findings to act on, the focus with why, the week as a
     * checklist with a tick box per session, each exercise on its own line, the traffic light for pain, when to seek
     * care, and a log of exactly what next week's plan reads ({@code program.lastWeek}).
     */
    Map<String, Object> handout(Plan plan, HandoutDetails details) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", details.name());
        view.put("date", details.date());
        view.put("issuer", details.issuer());
        view.put("reviewDate", details.reviewDate());
        view.put("contact", details.contactOrDefault());
        view.put("emergency", details.emergencyOrDefault());
        view.put("disclaimer", plan.disclaimer());
        List<String> flags = plan.triage().findings().stream().flatMap(f -> f.flags().stream())
                .map(sign -> PlainWords.sign(sign.wire())).distinct().toList();
        if (plan.triage().level() == TriageLevel.URGENT) {
            Finding first = plan.triage().findings().get(0);
            boolean now = first.within() == Within.NOW;
            Recommendation safety = plan.recommendations().get(0);
            view.put("urgent", Map.of(
                    "title", now ? "Go to A&E now or call " + details.emergencyOrDefault()
                            : "Speak to a doctor today: your GP practice, or an out-of-hours service when it is closed",
                    "advice", safety.advice(),
                    "flags", flags,
                    "hasFlags", !flags.isEmpty(),
                    "emergency", details.emergencyOrDefault()));
            return view;
        }
        view.put("title", "Your back-care plan: a week of activity at home");
        view.put("seekCare", seekCare(details.emergencyOrDefault()));
        view.put("notScreened", !plan.triage().redFlagsScreened());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding finding : plan.triage().findings()) {
            findings.add(Map.of("within", within(finding), "action", finding.action()));
        }
        view.put("hasFindings", !findings.isEmpty());
        view.put("findings", findings);
        view.put("flags", String.join(", ", flags));
        // the box above says what a finding asks, once: its safety advice is not repeated in the focus, nor the week,
        // which is the table, nor what the boxes for pain and for getting help say
        List<Map<String, Object>> focus = plan.recommendations().stream().filter(r -> plan.focus().contains(r.id()))
                .filter(r -> findings.isEmpty() || r.category() != Category.SAFETY)
                .filter(r -> plan.weeklyPlan() == null || !r.id().equals(Planner.WEEK_ADVICE))
                // the boxes below say these: when to get help and the traffic light
                .filter(r -> !r.id().equals(WARNING_SIGNS) && !r.id().equals(PAIN_RISES))
                .map(r -> Map.<String, Object>of("title", r.title(), "advice", r.advice(), "why", r.why())).toList();
        view.put("hasFocus", !focus.isEmpty());
        view.put("focus", focus);
        if (plan.weeklyPlan() != null) handoutWeek(view, plan.weeklyPlan());
        return view;
    }

    /** The handout's week: a checklist row per day with a tick box per session, the exercises, the log to fill in. */
    private static void handoutWeek(Map<String, Object> view, WeeklyPlan week) {
        List<Map<String, Object>> days = new ArrayList<>();
        String routine = null;
        for (DayPlan day : week.days()) {
            String name = day.day().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            List<Map<String, Object>> sessions = new ArrayList<>();
            Map<String, Object> daily = null;
            for (ScheduledActivity a : day.activities()) {
                if (a.kind() == ActivityKind.MOBILITY) {
                    routine = friendly(a.activity()) + ", " + a.minutes() + " min";
                    daily = Map.of("label", name + ": " + friendly(a.activity()) + ", done");
                    continue;
                }
                sessions.add(Map.of("what", friendly(a.activity()), "minutes", a.minutes(),
                        "intensity", WireName.of(a.intensity()),
                        "label", name + ": " + friendly(a.activity()) + ", done"));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("daily", daily);
            row.put("sessions", sessions);
            row.put("rest", sessions.isEmpty());
            days.add(row);
        }
        Map<String, Object> sheet = new LinkedHashMap<>();
        sheet.put("days", days);
        sheet.put("routine", routine);
        sheet.put("summary", summary(week));
        sheet.put("intensities", INTENSITIES);
        view.put("week", sheet);
        view.put("hasExercises", !week.exercisesByActivity().isEmpty());
        view.put("exercises", week.exercisesByActivity().entrySet().stream()
                .map(e -> Map.of("activity", friendly(e.getKey()), "steps", e.getValue())).toList());
        view.put("plannedMinutes", week.mainMinutes());
        view.put("activities", week.days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != ActivityKind.MOBILITY).map(a -> friendly(a.activity())).distinct()
                .toList());
    }

    /** An activity or routine as the handout names it: {@code spine-mobility-routine} is "spine mobility routine". */
    static String friendly(String activity) {
        return activity.replace('-', ' ');
    }

    private static List<Map<String, Object>> findings(Plan plan) {
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding finding : plan.triage().findings()) {
            findings.add(Map.of("suspected", finding.suspected(), "action", finding.action(),
                    "clinicianAction", clinicianAction(finding),
                    "within", within(finding) + (finding.persisting() ? " (reported last week too)" : ""),
                    "flags", finding.flagNames(), "because", String.join("; ", finding.because())));
        }
        return findings;
    }

    /** How soon, in a clinician's words, as the worklist and the banner give it. */
    static String timeframe(Within within) {
        return switch (within) {
            case NOW -> "now";
            case HOURS_24 -> "within 24 hours";
            case WEEK_1 -> "within 1 week";
            case ROUTINE -> "routine";
        };
    }

    /**
     * A finding's action in a clinician's words, beside the person's: the kind of assessment, how soon, and what is
     * suspected ("Same-day medical assessment (within 24 hours): suspected spinal infection").
     */
    static String clinicianAction(Finding finding) {
        String what = switch (finding.within()) {
            case NOW -> "Emergency assessment now (A&E)";
            case HOURS_24 -> "Same-day medical assessment (within 24 hours)";
            case WEEK_1 -> "Medical review within 1 week";
            case ROUTINE -> "Routine referral or review";
        };
        return what + ": suspected " + finding.suspected() + (finding.persisting() ? "; reported last week too" : "");
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
        item.put("why", r.why());
        item.put("rule", r.rule());
        String anchor = anchors.anchor(r.rule());
        item.put("ruleLink", rulesPage == null || anchor == null ? null : rulesPage + "#" + anchor);
        item.put("ruleLocation", anchors.location(r.rule()));
        // several rules recommended it: each, with the facts that made it fire
        List<Map<String, Object>> rulesBehind = new ArrayList<>();
        for (RuleReasons behind : r.rules()) {
            String behindAnchor = anchors.anchor(behind.rule());
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("name", behind.rule());
            each.put("link", rulesPage == null || behindAnchor == null ? null : rulesPage + "#" + behindAnchor);
            each.put("location", anchors.location(behind.rule()));
            each.put("reasons", String.join("; ", behind.because()));
            rulesBehind.add(each);
        }
        item.put("severalRules", rulesBehind.size() > 1);
        item.put("rulesBehind", rulesBehind);
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
        return Map.of("days", days, "summary", summary(week), "totalMinutes", week.totalMinutes(),
                "exercises", week.exercisesByActivity().entrySet().stream()
                        .map(e -> Map.of("activity", e.getKey(), "steps", e.getValue())).toList());
    }

    /** The week in a sentence: the activity (the dose, as the dose advice counts it), then the daily routine. */
    private static String summary(WeeklyPlan week) {
        int activity = week.mainMinutes();
        int mobility = week.totalMinutes() - activity;
        return activity == 0
                ? "No main activity this week" + (mobility == 0 ? "." : "; " + mobility + " minutes of the daily spine"
                        + " routine.")
                : activity + " minutes of activity" + (mobility == 0 ? "" : " and " + mobility + " minutes of the daily"
                        + " spine routine (" + week.totalMinutes() + " minutes in all)") + ".";
    }

    /** The profile's facts by section, as field and value rows, in the order of the profile format. */
    static List<Map<String, Object>> facts(Profile profile) {
        JsonNode tree;
        try {
            tree = JSON.readTree(PROFILE_JSON.toJsonLine(profile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> sections = new ArrayList<>();
        List<Map<String, Object>> person = new ArrayList<>();
        person.add(Map.of("field", "id", "value", profile.id()));
        person.add(Map.of("field", "age", "value", profile.age()));
        sections.add(Map.of("section", "person", "rows", person));
        for (Map.Entry<String, JsonNode> section : tree.properties()) {
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
        for (Map.Entry<String, JsonNode> field : node.properties()) {
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
