package org.backcare.simulate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.backcare.Planner;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.ScheduledActivity;
import org.backcare.profile.ActivityType;
import org.backcare.profile.Assessment;
import org.backcare.profile.AssessmentOutcome;
import org.backcare.profile.Clinician;
import org.backcare.profile.LastWeek;
import org.backcare.profile.Pain;
import org.backcare.profile.Profile;
import org.backcare.profile.Program;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;
import org.backcare.rules.facts.PlainWords;

/**
 * Runs the planner week after week, feeding each week's plan back as {@code program.lastWeek} under a
 * {@link FeedbackScenario}: how the rules would carry a person through a programme. Deterministic: the same profile,
 * rules and scenario always give the same weeks. Immutable and thread-safe.
 *
 * <pre>{@code
 * List<SimulatedWeek> weeks = new Simulation(Planner.builtIn()).run(profile, FeedbackScenario.ALL_DONE, 12);
 * }</pre>
 */
public final class Simulation {
    /**
     * The simulated week (1 = the first simulated, whatever the programme week) in which
     * {@link FeedbackScenario#PAIN_NOT_SETTLING} reports pain that did not settle.
     */
    public static final int PAIN_WEEK = 4;
    /** The simulated week from which {@link FeedbackScenario#RED_FLAG} reports a red flag. */
    public static final int RED_FLAG_WEEK = 6;
    /** The red flag {@link FeedbackScenario#RED_FLAG} reports. */
    public static final RedFlag RED_FLAG = RedFlag.CONSTANT_NIGHT_PAIN;
    /** The simulated week in which {@link FeedbackScenario#CLINICIAN_ASSESSES} has a clinician assess the red flags. */
    public static final int ASSESSED_WEEK = 3;
    /**
     * The Monday of the first simulated week: a simulation's weeks need dates only for a clinician's assessment,
     * and a fixed calendar keeps every run the same.
     */
    public static final LocalDate FIRST_MONDAY = LocalDate.of(2026, 1, 5);
    /** Who assessed the flags in {@link FeedbackScenario#CLINICIAN_ASSESSES}. */
    static final String ASSESSOR = "a clinician (simulated)";

    /** The last programme week a profile can name (PROFILE.md). */
    private static final int MAX_WEEK = 520;

    private final Planner planner;
    /** The progression's reasons in plain words, remembered: they recur from week to week and profile to profile. */
    private final PlainWords.Memo plainWords = new PlainWords.Memo();

    public Simulation(Planner planner) {
        this.planner = planner;
    }

    /**
     * {@code weeks} weeks of the programme, from the profile's programme week (week 1 when it has none), and never
     * past week 520. The profile's own {@code program.lastWeek}, if any, feeds the first simulated week.
     */
    public List<SimulatedWeek> run(Profile profile, FeedbackScenario scenario, int weeks) {
        if (weeks < 1) throw new IllegalArgumentException("weeks must be 1 or more, got " + weeks);
        int week = profile.program() == null ? 1 : profile.program().week();
        LastWeek lastWeek = profile.program() == null ? null : profile.program().lastWeek();
        List<SimulatedWeek> result = new ArrayList<>(weeks);
        for (int simulated = 1; simulated <= weeks && week <= MAX_WEEK; simulated++, week++) {
            Profile withPain = withPain(profile, scenario, simulated, lastWeek);
            Profile thisWeek = new Profile(withPain.id(), withPain.age(), withPain.smoking(), withPain.sleep(),
                    withPain.sitting(), withPain.diet(), withPain.hydration(), withPain.pain(), withPain.activity(),
                    new Program(week, lastWeek), clinician(withPain, scenario, simulated));
            Plan plan = planner.plan(thisWeek);
            result.add(summary(week, plan));
            lastWeek = feedback(plan, scenario, simulated,
                    thisWeek.pain() == null ? List.of() : thisWeek.pain().redFlags(), lastWeek);
        }
        return List.copyOf(result);
    }

    private SimulatedWeek summary(int week, Plan plan) {
        int minutes = plan.weeklyPlan() == null ? 0 : plan.weeklyPlan().mainMinutes();
        Intensity hardest = plan.weeklyPlan() == null ? null : plan.weeklyPlan().days().stream()
                .flatMap(d -> d.activities().stream()).filter(a -> a.kind() != ActivityKind.MOBILITY)
                .map(ScheduledActivity::intensity).max(Enum::compareTo).orElse(null);
        String why;
        if (plan.progression() != null) {
            // a limit that held the week back or eased it matters most, so it comes first
            List<String> because = new ArrayList<>(plan.progression().because());
            because.sort(java.util.Comparator.comparing((String reason) -> !reason.startsWith("held back")
                    && !reason.startsWith("eased back") && !reason.startsWith("triage")));
            why = PlainWords.why(because, plainWords);
        } else {
            Optional<Recommendation> thisWeek = plan.recommendations().stream()
                    .filter(r -> r.id().equals(Planner.WEEK_ADVICE)).findFirst();
            why = thisWeek.map(Recommendation::why).orElse(plan.triage().reasons().isEmpty() ? ""
                    : PlainWords.why(plan.triage().reasons().subList(0, 1), plainWords));
        }
        return new SimulatedWeek(week, plan.triage().level(),
                plan.progression() == null ? null : plan.progression().decision(), minutes, hardest, why, plan);
    }

    /**
     * How the simulated person reports the week they were given, with the red flags they reported; a week with no
     * plan has nothing else to report.
     */
    private static LastWeek feedback(Plan plan, FeedbackScenario scenario, int week, List<RedFlag> flags,
            LastWeek before) {
        if (plan.weeklyPlan() == null) return new LastWeek(0, 0, List.of(), null, null, null, flags);
        int planned = plan.weeklyPlan().mainMinutes();
        List<ActivityType> done = plan.weeklyPlan() == null ? List.of() : plan.weeklyPlan().days().stream()
                .flatMap(d -> d.activities().stream()).filter(a -> a.kind() != ActivityKind.MOBILITY)
                .map(a -> WireName.parse(ActivityType.class, a.activity())).flatMap(Optional::stream)
                .distinct().toList();
        boolean painful = scenario == FeedbackScenario.PAIN_NOT_SETTLING && week == PAIN_WEEK;
        int completed = scenario == FeedbackScenario.HALF_DONE ? planned / 2 : planned;
        // weeks in a row done (80% or more) with pain settled by the next morning
        boolean comfortable = !painful && planned > 0 && completed * 100 >= planned * 80;
        int inARow = before == null || before.comfortableWeeks() == null ? 0 : before.comfortableWeeks();
        return new LastWeek(planned, completed, completed == 0 ? List.of() : done, painful ? 6 : 3, !painful, 5,
                flags, comfortable ? inARow + 1 : 0);
    }

    /**
     * The clinician's section this week: the profile's own, and with {@link FeedbackScenario#CLINICIAN_ASSESSES}
     * from {@link #ASSESSED_WEEK} on, an assessment (managed, dated the Monday of that week) of every red flag
     * reported that the profile's section does not assess already. The rules decide which assessments take effect.
     */
    private static Clinician clinician(Profile profile, FeedbackScenario scenario, int week) {
        Clinician own = profile.clinician();
        if (scenario != FeedbackScenario.CLINICIAN_ASSESSES || week < ASSESSED_WEEK || profile.pain() == null) {
            return own;
        }
        List<Assessment> assessed = new ArrayList<>(own == null ? List.of() : own.assessed());
        LocalDate on = FIRST_MONDAY.plusWeeks(ASSESSED_WEEK - 1L);
        for (RedFlag flag : profile.pain().redFlags()) {
            if (own == null || own.assessment(flag) == null) {
                assessed.add(new Assessment(flag, on, AssessmentOutcome.MANAGED, ASSESSOR));
            }
        }
        return own == null ? new Clinician(assessed, null, List.of(), null)
                : new Clinician(assessed, own.intensityCeiling(), own.excludeActivities(), own.note());
    }

    /**
     * The person's pain this week: after a comfortable week their current pain settles to their usual pain (or to
     * the most they felt during the week, when the usual is not known), so that a flare of the first week passes when
     * the weeks go well; after a painful week it is at least what they felt. The episode grows a week older each
     * week ({@code durationWeeks}), so that new pain stops being new. With the red-flag scenario the flag is reported
     * from {@link #RED_FLAG_WEEK} on.
     */
    private static Profile withPain(Profile profile, FeedbackScenario scenario, int week, LastWeek lastWeek) {
        Pain pain = profile.pain();
        boolean flag = scenario == FeedbackScenario.RED_FLAG && week >= RED_FLAG_WEEK;
        if (pain == null && !flag) return profile;
        List<RedFlag> flags = new ArrayList<>(pain == null ? List.of() : pain.redFlags());
        if (flag && !flags.contains(RED_FLAG)) flags.add(RED_FLAG);
        int current = pain == null ? 0 : pain.currentIntensity();
        if (lastWeek != null && lastWeek.painDuringMax() != null && pain != null) {
            boolean comfortable = lastWeek.painDuringMax() <= 5 && !Boolean.FALSE.equals(lastWeek.painSettledNextMorning());
            int settled = pain.usualIntensity() != null ? pain.usualIntensity() : lastWeek.painDuringMax();
            current = comfortable ? Math.min(current, settled) : Math.max(current, lastWeek.painDuringMax());
        }
        Pain thisWeek = pain == null ? new Pain(0, null, null, List.of(), null, null, null, flags, true, null, null)
                : new Pain(current, pain.usualIntensity(), pain.worstIntensityLastMonth(), pain.areas(),
                        pain.durationWeeks() == null ? null
                                : Math.min(pain.durationWeeks() + week - 1, Math.min(5200, profile.age() * 52)),
                        pain.flaresLastYear(), pain.fearOfMovement(), flags,
                        pain.redFlagsScreened() || flag, pain.startBack(), pain.trend());
        return new Profile(profile.id(), profile.age(), profile.smoking(), profile.sleep(), profile.sitting(),
                profile.diet(), profile.hydration(), thisWeek, profile.activity(), profile.program(),
                profile.clinician());
    }
}
