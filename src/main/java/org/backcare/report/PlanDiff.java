package org.backcare.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RuleReasons;
import org.backcare.plan.WeeklyPlan;
import org.backcare.profile.WireName;

/**
 * How the plan of one profile changed between two rule sets: triage, its findings, reasons and whether red flags were
 * screened, what a clinician's entries changed, recommendations added, removed and re-ranked, their reasons, their
 * words for the person (title, advice, {@code why}, sources), the focus, the risk group, the weekly plan, the
 * programme and the sections not assessed. Immutable.
 *
 * @param profileId the profile
 * @param changes one line per change, in words; empty when the plans say the same
 * @param triageChanged whether the triage level changed
 * @param added recommendation ids only the new plan has
 * @param removed recommendation ids only the old plan has
 * @param reranked recommendation ids whose rank changed
 * @param reasoned recommendation ids in both plans whose reasons ({@code because}) or rules behind them ({@code rule},
 *     {@code rules}) changed
 * @param reworded recommendation ids in both plans whose words for the person changed: title, advice, {@code why}
 *     or sources
 * @param weekChanged whether the weekly plan changed
 */
public record PlanDiff(String profileId, List<String> changes, boolean triageChanged, List<String> added,
        List<String> removed, List<String> reranked, List<String> reasoned, List<String> reworded,
        boolean weekChanged) {

    public PlanDiff {
        changes = List.copyOf(changes);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        reranked = List.copyOf(reranked);
        reasoned = List.copyOf(reasoned);
        reworded = List.copyOf(reworded);
    }

    /**
     * How many of a population's plans changed, and how.
     *
     * @param compared plans compared
     * @param changed plans that changed in any way
     * @param triage plans whose triage changed
     * @param added plans with recommendations added
     * @param removed plans with recommendations removed
     * @param reranked plans with recommendations re-ranked
     * @param reasons plans with recommendations whose reasons or rules changed
     * @param texts plans with recommendations whose title, advice, {@code why} or sources changed
     * @param week plans whose week changed
     */
    public record Counts(long compared, long changed, long triage, long added, long removed, long reranked,
            long reasons, long texts, long week) {

        public static Counts of(List<PlanDiff> diffs) {
            return new Counts(diffs.size(), diffs.stream().filter(PlanDiff::changed).count(),
                    diffs.stream().filter(PlanDiff::triageChanged).count(),
                    diffs.stream().filter(d -> !d.added().isEmpty()).count(),
                    diffs.stream().filter(d -> !d.removed().isEmpty()).count(),
                    diffs.stream().filter(d -> !d.reranked().isEmpty()).count(),
                    diffs.stream().filter(d -> !d.reasoned().isEmpty()).count(),
                    diffs.stream().filter(d -> !d.reworded().isEmpty()).count(),
                    diffs.stream().filter(PlanDiff::weekChanged).count());
        }

        /** The counts in words, as the terminal and the HTML page give them. */
        public String inWords() {
            return compared + " profiles compared: " + changed + " plans changed (" + triage + " triage, " + added
                    + " with recommendations added, " + removed + " with recommendations removed, " + reranked
                    + " re-ranked, " + reasons + " with changed reasons or rules, " + texts + " with changed texts, "
                    + week + " with a changed week)";
        }
    }

    /** Whether anything a reader would notice changed (the rules version alone does not count). */
    public boolean changed() {
        return !changes.isEmpty();
    }

    public static PlanDiff of(Plan before, Plan after) {
        List<String> changes = new ArrayList<>();
        boolean triage = before.triage().level() != after.triage().level();
        if (triage) {
            changes.add("triage " + WireName.of(before.triage().level()) + " -> " + WireName.of(after.triage().level()));
        }
        if (!before.triage().findings().equals(after.triage().findings())) {
            String old = findings(before);
            String now = findings(after);
            changes.add(old.equals(now) ? "findings' wording (suspected, action or reasons) changed: " + now
                    : "findings " + old + " -> " + now);
        }
        Map<String, Recommendation> old = byId(before);
        Map<String, Recommendation> now = byId(after);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> reranked = new ArrayList<>();
        for (String id : now.keySet()) {
            if (!old.containsKey(id)) added.add(id);
        }
        for (String id : old.keySet()) {
            if (!now.containsKey(id)) removed.add(id);
            else if (old.get(id).rank() != now.get(id).rank()) reranked.add(id);
        }
        added.forEach(id -> changes.add("added " + id + " at rank " + now.get(id).rank()));
        removed.forEach(id -> changes.add("removed " + id + " (was rank " + old.get(id).rank() + ")"));
        reranked.forEach(id -> changes.add("re-ranked " + id + " " + old.get(id).rank() + " -> " + now.get(id).rank()));
        List<String> reasoned = reasons(old, now, changes);
        List<String> reworded = texts(old, now, changes);
        others(before, after, changes);
        boolean week = !java.util.Objects.equals(before.weeklyPlan(), after.weeklyPlan());
        if (week) changes.add("weekly plan: " + week(before.weeklyPlan()) + " -> " + week(after.weeklyPlan()));
        return new PlanDiff(after.profileId(), changes, triage, added, removed, reranked, reasoned, reworded, week);
    }

    /**
     * The recommendations in both plans whose reasons changed, each with the reasons gone and come, or whose rules
     * changed (a rule renamed, added or gone), each with the rules gone and come.
     */
    private static List<String> reasons(Map<String, Recommendation> old, Map<String, Recommendation> now,
            List<String> changes) {
        List<String> reasoned = new ArrayList<>();
        for (Recommendation r : now.values()) {
            Recommendation was = old.get(r.id());
            if (was == null) continue;
            boolean reasonsChanged = !was.because().equals(r.because());
            if (reasonsChanged) changes.add("reasons of " + r.id() + ": " + goneAndCome(was.because(), r.because()));
            List<String> rulesBefore = rulesBehind(was);
            List<String> rulesNow = rulesBehind(r);
            boolean rulesChanged = !rulesBefore.equals(rulesNow);
            if (rulesChanged) changes.add("rules behind " + r.id() + ": " + goneAndCome(rulesBefore, rulesNow));
            if (reasonsChanged || rulesChanged) reasoned.add(r.id());
        }
        return reasoned;
    }

    /**
     * The names of the rules behind a recommendation: its {@code rules}, or its one {@code rule} (a plan stored before
     * {@code rules} was written names only its first, so its other rules show once as come).
     */
    private static List<String> rulesBehind(Recommendation r) {
        return r.rules().isEmpty() ? List.of(r.rule()) : r.rules().stream().map(RuleReasons::rule).toList();
    }

    /** What is in {@code was} and not in {@code now} ("- "), and the other way round ("+ "), each joined by "; ". */
    private static String goneAndCome(List<String> was, List<String> now) {
        List<String> gone = was.stream().filter(item -> !now.contains(item)).toList();
        List<String> come = now.stream().filter(item -> !was.contains(item)).toList();
        if (gone.isEmpty() && come.isEmpty()) return "the same, in another order";
        return (gone.isEmpty() ? "" : "- " + String.join("; ", gone)) + (gone.isEmpty() || come.isEmpty() ? "" : " ")
                + (come.isEmpty() ? "" : "+ " + String.join("; ", come));
    }

    /** The recommendations in both plans whose title, advice, why or sources changed. */
    private static List<String> texts(Map<String, Recommendation> old, Map<String, Recommendation> now,
            List<String> changes) {
        List<String> reworded = new ArrayList<>();
        for (Recommendation r : now.values()) {
            Recommendation was = old.get(r.id());
            if (was == null) continue;
            List<String> what = new ArrayList<>();
            if (!was.title().equals(r.title())) what.add("title");
            if (!was.advice().equals(r.advice())) what.add("advice");
            if (!was.why().equals(r.why())) what.add("why");
            if (!was.evidence().equals(r.evidence())) what.add("sources");
            if (what.isEmpty()) continue;
            reworded.add(r.id());
            changes.add("text of " + r.id() + ": " + String.join(", ", what) + " changed");
        }
        return reworded;
    }

    /** Screening, triage reasons, a clinician's entries, the programme, what was not assessed, focus and risk group. */
    private static void others(Plan before, Plan after, List<String> changes) {
        if (before.triage().redFlagsScreened() != after.triage().redFlagsScreened()) {
            changes.add("red flags " + screened(before) + " -> " + screened(after));
        }
        if (!before.triage().reasons().equals(after.triage().reasons())) {
            changes.add("triage reasons: " + before.triage().reasons() + " -> " + after.triage().reasons());
        }
        if (!java.util.Objects.equals(before.triage().clinician(), after.triage().clinician())) {
            changes.add("what the clinician's entries changed: " + clinician(before) + " -> " + clinician(after));
        }
        if (!java.util.Objects.equals(before.progression(), after.progression())) {
            changes.add("programme: " + progression(before.progression()) + " -> " + progression(after.progression()));
        }
        if (!before.notAssessed().equals(after.notAssessed())) {
            changes.add("sections not assessed " + before.notAssessed() + " -> " + after.notAssessed());
        }
        if (!before.disclaimer().equals(after.disclaimer())) changes.add("disclaimer changed");
        if (!before.focus().equals(after.focus())) changes.add("focus " + before.focus() + " -> " + after.focus());
        if (before.riskGroup() != after.riskGroup()) {
            changes.add("risk group " + name(before.riskGroup()) + " -> " + name(after.riskGroup()));
        }
    }

    private static Map<String, Recommendation> byId(Plan plan) {
        Map<String, Recommendation> byId = new LinkedHashMap<>();
        for (Recommendation r : plan.eachRecommendation()) byId.put(r.id(), r);
        return byId;
    }

    /** The findings in a few words: how soon and what is suspected, or none. */
    private static String findings(Plan plan) {
        if (plan.triage().findings().isEmpty()) return "none";
        return String.join(", ", plan.triage().findings().stream()
                .map(f -> WireName.of(f.within()) + " " + f.suspected()).toList());
    }

    private static String screened(Plan plan) {
        return plan.triage().redFlagsScreened() ? "screened" : "not screened";
    }

    private static String clinician(Plan plan) {
        var entries = plan.triage().clinician();
        if (entries == null) return "none";
        List<String> parts = new ArrayList<>();
        if (!entries.assessed().isEmpty()) {
            parts.add("assessed " + String.join(", ", entries.assessed().stream().map(WireName::of).toList()));
        }
        if (entries.intensityCeiling() != null) parts.add("ceiling " + WireName.of(entries.intensityCeiling()));
        if (!entries.excludeActivities().isEmpty()) {
            parts.add("never " + String.join(", ", entries.excludeActivities().stream().map(WireName::of).toList()));
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    /** A programme's week in a few words: its decision and the main activity's minutes. */
    private static String progression(org.backcare.plan.Progression progression) {
        if (progression == null) return "none";
        return "week " + progression.week() + " " + WireName.of(progression.decision()) + " " + progression.fromMinutes()
                + " to " + progression.toMinutes() + " min";
    }

    private static String name(Enum<?> value) {
        return value == null ? "none" : WireName.of(value);
    }

    /** A week in a few words: its main minutes and sessions, or none. */
    private static String week(WeeklyPlan week) {
        if (week == null) return "none";
        long sessions = week.days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != ActivityKind.MOBILITY).count();
        int minutes = week.days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != ActivityKind.MOBILITY).mapToInt(a -> a.minutes()).sum();
        return minutes + " main minutes in " + sessions + " sessions";
    }
}
