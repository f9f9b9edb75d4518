package org.backcare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.ClinicianChanges;
import org.backcare.plan.Decision;
import org.backcare.plan.Dose;
import org.backcare.plan.Finding;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.Progression;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RuleReasons;
import org.backcare.plan.Triage;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.WeeklyPlan;
import org.backcare.profile.Assessment;
import org.backcare.profile.Clinician;
import org.backcare.profile.Profile;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;
import org.backcare.rules.AdviceText;
import org.backcare.rules.RuleSet;
import org.backcare.rules.RulesException;
import org.backcare.rules.engine.RuleEngine;
import org.backcare.rules.facts.Advice;
import org.backcare.rules.facts.Advise;
import org.backcare.rules.facts.AerobicGuideline;
import org.backcare.rules.facts.Conclusions;
import org.backcare.rules.facts.PlainWords;
import org.backcare.rules.facts.ProgressionOutcome;
import org.backcare.rules.facts.SessionsOfKind;
import org.backcare.rules.facts.WeekCapacity;
import org.backcare.schedule.WeekScheduler;

/**
 * Turns back-health profiles into plans: ranked, explained recommendations and a weekly activity plan.
 *
 * <p>Build a planner once ({@link #builtIn()} or {@link #fromDirectory(Path)}: this compiles the rules, which takes
 * a moment) and share it. A planner is immutable and thread-safe: it holds one compiled rule base and runs each
 * {@link #plan(Profile)} call in a session of its own, so any number of threads may plan at once. There is no global
 * state; two planners with different rules can live side by side.
 *
 * <pre>{@code
 * Planner planner = Planner.builtIn();
 * Profile profile = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
 * String json = new PlanWriter().toJson(planner.plan(profile));
 * }</pre>
 */
public final class Planner {
    /** The disclaimer every plan carries. */
    public static final String DISCLAIMER = "Educational information, not medical advice. This plan does not"
            + " diagnose or treat any condition and does not replace an assessment by a qualified clinician. If your"
            + " symptoms are severe, getting worse, or include any warning sign such as new bladder or bowel"
            + " trouble, numbness around the genitals or buttocks, or leg weakness, seek medical care promptly.";

    /** How many recommendations a plan's focus names. */
    public static final int FOCUS = 3;
    /** The advice that explains a week's progression starts with this. */
    private static final String PROGRESSION_ADVICE = "progression-";
    /** The advice that explains the week: its reasons end with what the week holds, as WHO 2020 counts it. */
    /** The advice that explains the week: its reasons end with what the week holds. */
    public static final String WEEK_ADVICE = "activity-this-week";
    /** The warning signs to act on: never merged with other advice. */
    private static final String WARNING_SIGNS = "education-know-warning-signs";
    /** The only categories of advice an urgent plan holds. */
    private static final Set<Category> URGENT_CATEGORIES = EnumSet.of(Category.SAFETY, Category.EDUCATION);

    private final RuleSet rules;
    private final RuleEngine engine;
    /** The reasons of plans made so far in plain words: most recur from plan to plan. */
    private final PlainWords.Memo plainWords = new PlainWords.Memo();
    private final WeekScheduler scheduler;

    private Planner(RuleSet rules) {
        this.rules = rules;
        this.engine = RuleEngine.of(rules);
        this.scheduler = new WeekScheduler(engine.catalogue());
    }

    /**
     * A planner with the rules packaged in Backcare.
     *
     * @throws RulesException if the packaged rules cannot be loaded (a broken build)
     */
    public static Planner builtIn() {
        return new Planner(RuleSet.builtIn());
    }

    /**
     * A planner with the rules in {@code dir} instead of the built-in ones: every {@code .drl} file below it, and its
     * {@code advice.yaml}, {@code findings.yaml}, {@code evidence.yaml} and {@code activities.yaml}.
     *
     * @throws RulesException listing every problem (file and line) when the rules do not compile or do not resolve
     */
    public static Planner fromDirectory(Path dir) {
        return new Planner(RuleSet.fromDirectory(dir));
    }

    /** A planner with an already loaded rule set. */
    public static Planner of(RuleSet rules) {
        return new Planner(rules);
    }

    /** The rule set this planner uses. */
    public RuleSet rules() {
        return rules;
    }

    /** The version of the rules, as plans carry it in {@code rulesVersion}. */
    public String rulesVersion() {
        return rules.version();
    }

    /**
     * Plans one profile. The same profile and rules always give an equal plan. Thread-safe.
     *
     * @throws RulesException when the rules fail for this profile, break a safety property (for example, a red flag
     *     with no safety recommendation ranked first) or dose a week without saying how it is spread; no plan is
     *     returned then
     */
    public Plan plan(Profile profile) {
        return plan(profile, null);
    }

    /**
     * As {@link #plan(Profile)}, also telling {@code firedRule} the name of each rule as it fires (for reports of
     * how often rules fire).
     */
    public Plan plan(Profile profile, Consumer<String> firedRule) {
        Conclusions conclusions = engine.evaluate(profile, firedRule);
        if (conclusions.dose() > 0 && conclusions.spread() == null) {
            throw new RulesException(List.of(rules.origin() + ": the rules dose the week but no rule inserts a"
                    + " SessionSpread fact, which says how a small dose is spread (weekly-plan.drl: \"Dose: a small dose"
                    + " is spread over several days\")"));
        }
        WeeklyPlan week = urgent(conclusions) ? null : scheduler.schedule(profile, conclusions);
        // The activities' session lengths may hold less than the rules' dose on the days there are: the rules are
        // asked again with what the week holds, so that the dose, the decision and their reasons say so.
        if (week != null && week.mainMinutes() + Advise.MINUTE_STEP <= smallestDose(conclusions)) {
            conclusions = engine.evaluate(profile, firedRule, new WeekCapacity(week.mainMinutes()));
            week = urgent(conclusions) ? null : scheduler.schedule(profile, conclusions);
        }
        Triage triage = triage(profile, conclusions);
        List<Recommendation> recommendations = rank(conclusions, triage.level(), week);
        if (triage.level() != TriageLevel.SELF_CARE
                && (recommendations.isEmpty() || recommendations.get(0).category() != Category.SAFETY)) {
            throw new RulesException(List.of(rules.origin() + ": triage is " + WireName.of(triage.level())
                    + " for profile " + profile.id() + " but no safety recommendation ranks first; the safety rules"
                    + " must recommend one whenever they set triage"));
        }
        return new Plan(profile.id(), rules.version(), triage,
                conclusions.risk() == null ? null : conclusions.risk().group(), focus(recommendations),
                progression(profile, conclusions, week, recommendations), recommendations, week, profile.notAssessed(),
                DISCLAIMER);
    }

    /**
     * What a week holds, as WHO 2020 counts it (PLAN.md, version 3: reasons speak of what was scheduled): so that no
     * reason claims minutes or days the week does not hold. Beside each, what the rules advise: the aerobic minutes of
     * their {@link AerobicGuideline}, the most strength days any {@link SessionsOfKind} asks for.
     */
    static String scheduled(WeeklyPlan week, Conclusions conclusions) {
        Dose dose = week.dose();
        long gentleStrength = week.days().stream().filter(day -> day.activities().stream().anyMatch(a ->
                a.kind() == ActivityKind.STRENGTH && a.intensity() == Intensity.GENTLE)).count();
        String aerobic = dose.aerobicMinutes() == 0 ? "no moderate aerobic activity yet"
                : dose.aerobicMinutes() + " minutes of moderate aerobic activity";
        String strength = dose.strengthDays() > 0 ? "strength on " + days(dose.strengthDays())
                : gentleStrength > 0 ? "strength exercises only at gentle, which do not count yet"
                : "no strength session";
        String balance = dose.balanceDays() == 0 ? "" : ", balance on " + days(dose.balanceDays());
        String rest = dose.restDays() == 0 ? "no day of rest" : days(dose.restDays()) + " of rest";
        AerobicGuideline guideline = conclusions.aerobicGuideline();
        String aerobicAdvised = guideline == null ? "" : guideline.minutes() + "-" + guideline.top()
                + " minutes a week advised; ";
        int strengthAdvised = conclusions.sessionsOfKind().stream().filter(s -> s.kind() == ActivityKind.STRENGTH)
                .mapToInt(SessionsOfKind::days).max().orElse(0);
        return "this week holds, as WHO 2020 counts it: " + aerobic + " (" + aerobicAdvised + "light activity,"
                + " stretching, pilates, tai chi and balance do not count toward them), " + strength
                + (strengthAdvised == 0 ? "" : " (" + strengthAdvised + " or more days advised)") + balance + ", "
                + rest;
    }

    private static String days(int days) {
        return days == 1 ? "1 day" : days + " days";
    }

    /** Whether a finding calls for urgent care: then there is no week. */
    private static boolean urgent(Conclusions conclusions) {
        return conclusions.triage().stream().anyMatch(finding -> finding.level() == TriageLevel.URGENT);
    }

    /** The smallest weekly dose a rule proposes (the one that holds), or 0 when none does. */
    private static int smallestDose(Conclusions conclusions) {
        return conclusions.dose();
    }

    /**
     * How this week follows from last week, when the profile reports last week: what the rules decided the week does
     * (progress, hold or regress against last week's plan, once every limit has had its say), this week's
     * main-activity minutes as scheduled, and the reasons of the recommendation that explains it. Under urgent triage
     * there is no week: the week eases back to nothing.
     */
    private static Progression progression(Profile profile, Conclusions conclusions, WeeklyPlan week,
            List<Recommendation> recommendations) {
        if (profile.program() == null || profile.program().lastWeek() == null) return null;
        int from = profile.program().lastWeek().plannedMinutes();
        if (week == null) {
            return new Progression(profile.program().week(), from > 0 ? Decision.REGRESS : Decision.HOLD, from, 0,
                    List.of("triage is urgent: no activity this week, seek care first"));
        }
        Optional<Decision> decision = conclusions.outcomes().stream().map(ProgressionOutcome::decision).findFirst();
        List<String> because = recommendations.stream().filter(r -> r.id().startsWith(PROGRESSION_ADVICE))
                .findFirst().map(Recommendation::because).orElse(List.of());
        if (decision.isEmpty() || because.isEmpty()) {
            throw new RulesException(List.of("rule set: profile " + profile.id() + " reports program.lastWeek but no"
                    + " progression rule decided or explained the week; the progression rules must do both"));
        }
        return new Progression(profile.program().week(), decision.get(), from, week.mainMinutes(), because);
    }

    /**
     * The findings most urgent first (then by their signs), the level the most urgent sets, a reason each, whether red
     * flags were screened (a profile without a pain section has no red flags to screen), and what the clinician's
     * entries changed.
     */
    private static Triage triage(Profile profile, Conclusions conclusions) {
        List<Finding> findings = new ArrayList<>(conclusions.triage());
        findings.sort(Comparator.comparing(Finding::within)
                .thenComparing(Finding::flagNames)
                .thenComparing(Finding::suspected)
                .thenComparing(Finding::action));
        TriageLevel level = findings.isEmpty() ? TriageLevel.SELF_CARE : findings.get(0).level();
        Set<String> reasons = new LinkedHashSet<>();
        for (Finding finding : findings) reasons.add(finding.reason());
        boolean screened = profile.pain() == null || profile.pain().redFlagsScreened();
        return new Triage(level, screened, List.copyOf(reasons), findings, clinicianChanges(profile, conclusions));
    }

    /**
     * What the profile's clinician section changed: the chronic flags whose assessment the rules took (in the order
     * they were entered), the ceiling, the exclusions, and the assessed flags the person still reports that keep their
     * finding; {@code null} when it changed nothing.
     */
    private static ClinicianChanges clinicianChanges(Profile profile, Conclusions conclusions) {
        Clinician clinician = profile.clinician();
        if (clinician == null) return null;
        List<RedFlag> assessed = new ArrayList<>();
        List<RedFlag> stillReported = new ArrayList<>();
        for (Assessment assessment : clinician.assessed()) {
            boolean taken = conclusions.assessed().stream().anyMatch(flag -> flag.flag() == assessment.flag());
            (taken ? assessed : stillReported).add(assessment.flag());
        }
        Intensity ceiling = clinician.intensityCeiling() == null ? null
                : Intensity.valueOf(clinician.intensityCeiling().name());
        if (clinician.assessed().isEmpty() && ceiling == null && clinician.excludeActivities().isEmpty()) return null;
        return new ClinicianChanges(assessed, ceiling, clinician.excludeActivities(), stillReported);
    }

    /** The ids of the first {@value #FOCUS} recommendations: what matters most this week, in rank order. */
    private static List<String> focus(List<Recommendation> recommendations) {
        return recommendations.stream().limit(FOCUS).map(Recommendation::id).toList();
    }

    /**
     * One recommendation per advice id, best first: by priority, then by id. When several rules recommend the same
     * advice, it keeps the highest priority, the name of the rule that set it (the first in the rule files among
     * equals), the reasons of all of them in that order, and (when there are several) each rule with its own reasons.
     * Under urgent triage only safety and education advice is kept: nothing else is asked of a person who should be
     * seeking care (PLAN.md).
     */
    private List<Recommendation> rank(Conclusions conclusions, TriageLevel level, WeeklyPlan week) {
        List<Advice> ordered = new ArrayList<>(conclusions.advice().size());
        for (Advice advice : conclusions.advice()) {
            Category category = rules.advice().get(advice.id()).category();
            if (level != TriageLevel.URGENT || URGENT_CATEGORIES.contains(category)) ordered.add(advice);
        }
        ordered.sort(Comparator.comparingInt(Advice::priority).reversed()
                .thenComparing(Advice::id)
                .thenComparingInt((Advice advice) -> rules.position(advice.rule()))
                .thenComparing(Advice::rule)
                .thenComparing(advice -> String.join("\n", advice.because())));
        Map<String, List<Advice>> byId = new LinkedHashMap<>();
        for (Advice advice : ordered) byId.computeIfAbsent(advice.id(), id -> new ArrayList<>()).add(advice);
        List<Recommendation> ranked = new ArrayList<>();
        for (List<Advice> same : byId.values()) {
            Advice first = same.get(0);
            AdviceText text = rules.advice().get(first.id());
            Set<String> because = new LinkedHashSet<>();
            for (Advice advice : same) because.addAll(advice.because());
            if (first.id().equals(WEEK_ADVICE) && week != null) because.add(scheduled(week, conclusions));
            ranked.add(new Recommendation(ranked.size() + 1, first.id(), text.category(), text.title(), text.advice(),
                    first.priority(), List.copyOf(because), PlainWords.why(List.copyOf(because), plainWords), first.rule(),
                    rulesBehind(same), text.evidence(), List.of()));
        }
        return atMostEight(ranked);
    }

    /**
     * When several rules recommended one advice, each of them in the order the advice was ranked (the first is the
     * recommendation's {@code rule}), with its reasons: a rule that fired more than once for it gives the reasons of
     * every firing, each once. None when one rule did: its {@code rule} and {@code because} say it all.
     */
    private static List<RuleReasons> rulesBehind(List<Advice> same) {
        Map<String, Set<String>> byRule = new LinkedHashMap<>();
        for (Advice advice : same) byRule.computeIfAbsent(advice.rule(), rule -> new LinkedHashSet<>()).addAll(advice.because());
        if (byRule.size() < 2) return List.of();
        List<RuleReasons> rules = new ArrayList<>(byRule.size());
        byRule.forEach((rule, because) -> rules.add(new RuleReasons(rule, List.copyOf(because))));
        return rules;
    }

    /** The recommendation that lists everyday habits merged when more than eight apply (its sources: theirs). */
    public static final AdviceText EVERYDAY_HABITS = new AdviceText("everyday-habits", Category.EDUCATION,
            "Everyday habits that help your back", "These everyday habits help your back too. Each is listed with"
            + " what to do, why it applies to you and its sources.", List.of());
    /** The recommendation that lists the lowest-ranked advice merged when more than eight apply. */
    public static final AdviceText ALSO_THIS_WEEK = new AdviceText("also-this-week", Category.EDUCATION,
            "Also worth doing this week", "These help too, once the advice above is under way. Each is listed with"
            + " what to do, why it applies to you and its sources.", List.of());

    /** Why a merged recommendation applies: each it lists says its own. */
    private static final String MERGED_WHY = "Each item below says why it applies to you.";

    /** Everyday habits: when more than {@value Recommendation#MOST} recommendations apply, these merge first. */
    private static final Set<Category> HABITS = EnumSet.of(Category.SLEEP, Category.SITTING, Category.SMOKING,
            Category.DIET, Category.HYDRATION);

    /**
     * At most {@value Recommendation#MOST} recommendations (PLAN.md, version 3): when more apply, the lowest-ranked
     * merge into one that lists them whole, in its {@code merged}, at the place of the highest-ranked of them. Everyday
     * habits merge first, from the lowest rank up; then, where there are still too many, the lowest-ranked others.
     * None in the focus merges, nor a safety recommendation, the warning signs or the one that explains the week's
     * progression.
     */
    private static List<Recommendation> atMostEight(List<Recommendation> ranked) {
        if (ranked.size() <= Recommendation.MOST) return List.copyOf(ranked);
        int wanted = ranked.size() - Recommendation.MOST + 1;
        List<Integer> chosen = new ArrayList<>();
        for (int i = ranked.size() - 1; i >= FOCUS && chosen.size() < wanted; i--) {
            if (HABITS.contains(ranked.get(i).category())) chosen.add(i);
        }
        for (int i = ranked.size() - 1; i >= FOCUS && chosen.size() < wanted; i--) {
            Recommendation r = ranked.get(i);
            if (!chosen.contains(i) && r.category() != Category.SAFETY && !r.id().startsWith(PROGRESSION_ADVICE)
                    && !r.id().equals(WARNING_SIGNS)) {
                chosen.add(i);
            }
        }
        chosen.sort(Comparator.naturalOrder());
        List<Recommendation> merged = new ArrayList<>();
        for (int i : chosen) {
            Recommendation r = ranked.get(i);
            merged.add(new Recommendation(merged.size() + 1, r.id(), r.category(), r.title(), r.advice(), r.priority(),
                    r.because(), r.why(), r.rule(), r.rules(), r.evidence(), List.of()));
        }
        AdviceText text = merged.stream().allMatch(r -> HABITS.contains(r.category())) ? EVERYDAY_HABITS
                : ALSO_THIS_WEEK;
        Set<String> because = new LinkedHashSet<>();
        Set<String> evidence = new LinkedHashSet<>();
        for (Recommendation r : merged) {
            because.addAll(r.because());
            evidence.addAll(r.evidence());
        }
        Recommendation first = merged.get(0);
        Recommendation together = new Recommendation(0, text.id(), text.category(), text.title(), text.advice(),
                first.priority(), List.copyOf(because), MERGED_WHY, first.rule(), List.of(), List.copyOf(evidence),
                merged);
        List<Recommendation> kept = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Recommendation r = i == chosen.get(0) ? together : ranked.get(i);
            if (i != chosen.get(0) && chosen.contains(i)) continue;
            kept.add(new Recommendation(kept.size() + 1, r.id(), r.category(), r.title(), r.advice(), r.priority(),
                    r.because(), r.why(), r.rule(), r.rules(), r.evidence(), r.merged()));
        }
        return List.copyOf(kept);
    }
}
