package org.backcare.simulate;

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
import org.backcare.profile.LastWeek;
import org.backcare.profile.Pain;
import org.backcare.profile.Profile;
import org.backcare.profile.Program;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;

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

    /** The last programme week a profile can name (PROFILE.md). */
    private static final int MAX_WEEK = 520;

    private final Planner planner;

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
            Profile thisWeek = withProgram(withPain(profile, scenario, simulated, lastWeek),
                    new Program(week, lastWeek));
            Plan plan = planner.plan(thisWeek);
            result.add(summary(week, plan));
            lastWeek = feedback(plan, scenario, simulated);
        }
        return List.copyOf(result);
    }

    private static SimulatedWeek summary(int week, Plan plan) {
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
            why = String.join("; ", because);
        } else {
            Optional<Recommendation> thisWeek = plan.recommendations().stream()
                    .filter(r -> r.id().equals("activity-this-week")).findFirst();
            why = thisWeek.map(r -> r.because().get(0)).orElse(plan.triage().reasons().isEmpty() ? ""
                    : plan.triage().reasons().get(0));
        }
        return new SimulatedWeek(week, plan.triage().level(),
                plan.progression() == null ? null : plan.progression().decision(), minutes, hardest, why, plan);
    }

    /** How the simulated person reports the week they were given; a week with no plan has nothing to report. */
    private static LastWeek feedback(Plan plan, FeedbackScenario scenario, int week) {
        if (plan.weeklyPlan() == null) return new LastWeek(0, 0, List.of(), null, null, null);
        int planned = plan.weeklyPlan().mainMinutes();
        List<ActivityType> done = plan.weeklyPlan() == null ? List.of() : plan.weeklyPlan().days().stream()
                .flatMap(d -> d.activities().stream()).filter(a -> a.kind() != ActivityKind.MOBILITY)
                .map(a -> WireName.parse(ActivityType.class, a.activity())).flatMap(Optional::stream)
                .distinct().toList();
        boolean painful = scenario == FeedbackScenario.PAIN_NOT_SETTLING && week == PAIN_WEEK;
        int completed = scenario == FeedbackScenario.HALF_DONE ? planned / 2 : planned;
        return new LastWeek(planned, completed, completed == 0 ? List.of() : done, painful ? 6 : 3, !painful, 5);
    }

    /**
     * The person's pain this week: after a comfortable week their current pain settles to their usual pain (or to
     * the most they felt during the week, when the usual is not known), so that a flare of the first week passes when
     * the weeks go well; after a painful week it is at least what they felt. With the red-flag scenario the flag is
     * reported from {@link #RED_FLAG_WEEK} on.
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
        Pain thisWeek = pain == null ? new Pain(0, null, null, List.of(), null, null, null, flags, null)
                : new Pain(current, pain.usualIntensity(), pain.worstIntensityLastMonth(), pain.areas(),
                        pain.durationWeeks(), pain.flaresLastYear(), pain.fearOfMovement(), flags, pain.startBack());
        return new Profile(profile.id(), profile.age(), profile.smoking(), profile.sleep(), profile.sitting(),
                profile.diet(), profile.hydration(), thisWeek, profile.activity(), profile.program());
    }

    private static Profile withProgram(Profile profile, Program program) {
        return new Profile(profile.id(), profile.age(), profile.smoking(), profile.sleep(), profile.sitting(),
                profile.diet(), profile.hydration(), profile.pain(), profile.activity(), program);
    }
}
