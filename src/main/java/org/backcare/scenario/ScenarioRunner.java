package org.backcare.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backcare.Planner;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Progression;
import org.backcare.plan.Recommendation;
import org.backcare.plan.ScheduledActivity;
import org.backcare.profile.Profile;
import org.backcare.profile.WarningSign;
import org.backcare.profile.WireName;
import org.backcare.rules.engine.RuleEngine;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.Advise;
import org.backcare.rules.facts.SessionSpread;
import org.backcare.rules.RulesException;
import org.backcare.run.TimeLimit;

/** Plans a scenario's profile and lists every way the plan differs from what the scenario expects. */
public final class ScenarioRunner {
    private final Planner planner;

    private final Duration timeLimit;

    public ScenarioRunner(Planner planner) {
        this(planner, TimeLimit.DEFAULT);
    }

    /** A runner that fails a scenario whose planning takes longer than {@code timeLimit}. */
    public ScenarioRunner(Planner planner, Duration timeLimit) {
        this.planner = planner;
        this.timeLimit = timeLimit;
    }

    /** What differed, one line each; empty when the scenario passes. */
    public List<String> differences(Scenario scenario) {
        Plan plan;
        int shortestSession;
        try {
            plan = TimeLimit.call(() -> planner.plan(scenario.profile()), timeLimit);
            shortestSession = scenario.week() == null || scenario.week().minSessions() == null ? 0
                    : TimeLimit.call(() -> shortestSession(scenario.profile()), timeLimit);
        } catch (RulesException e) {
            return List.of("the rules failed: " + e.getMessage());
        } catch (TimeLimit.Exceeded e) {
            return List.of(e.getMessage());
        }
        List<String> differences = new ArrayList<>();
        List<String> ids = plan.recommendations().stream().map(Recommendation::id).toList();
        ranking(scenario, ids, differences);
        if (scenario.triage() != null && scenario.triage() != plan.triage().level()) {
            differences.add("expected triage " + WireName.of(scenario.triage()) + ", but it is "
                    + WireName.of(plan.triage().level()));
        }
        if (scenario.riskGroup() != null && scenario.riskGroup().value() != plan.riskGroup()) {
            differences.add("expected risk group " + name(scenario.riskGroup().value()) + ", but it is "
                    + name(plan.riskGroup()));
        }
        if (scenario.findings() != null) findings(scenario.findings(), plan, differences);
        if (scenario.redFlagsScreened() != null && scenario.redFlagsScreened() != plan.triage().redFlagsScreened()) {
            differences.add("expected triage.redFlagsScreened " + scenario.redFlagsScreened() + ", but it is "
                    + plan.triage().redFlagsScreened());
        }
        for (String id : scenario.focus()) {
            if (!plan.focus().contains(id)) differences.add("expected " + id + " in the focus, but it is " + plan.focus());
        }
        reasons(scenario, plan, differences);
        if (scenario.maxRecommendations() != null && ids.size() > scenario.maxRecommendations()) {
            differences.add("expected at most " + scenario.maxRecommendations() + " recommendations, but the plan has "
                    + ids.size());
        }
        if (!scenario.onlyCategories().isEmpty()) {
            plan.recommendations().stream().filter(r -> !scenario.onlyCategories().contains(r.category()))
                    .forEach(r -> differences.add("expected only " + names(scenario.onlyCategories()) + " advice, but "
                            + r.id() + " is " + WireName.of(r.category())));
        }
        if (scenario.progression() != null) progression(scenario.progression(), plan, differences);
        if (scenario.week() != null) {
            week(scenario.week(), plan, RuleEngine.of(planner.rules()).catalogue(), shortestSession, differences);
        }
        return differences;
    }

    /**
     * The shortest main session the rules count ({@link SessionSpread}), which {@code minSessions} counts sessions
     * of; five minutes when the rules dose no week.
     */
    private int shortestSession(Profile profile) {
        SessionSpread spread = RuleEngine.of(planner.rules()).evaluate(profile).spread();
        return spread == null ? Advise.MINUTE_STEP : spread.shortestMinutes();
    }

    /** The recommendations the scenario expects, does not expect, and how high. */
    private static void ranking(Scenario scenario, List<String> ids, List<String> differences) {
        for (String id : scenario.present()) {
            if (!ids.contains(id)) differences.add("expected " + id + ", but the plan does not have it; it has " + ids);
        }
        for (String id : scenario.absent()) {
            if (ids.contains(id)) {
                differences.add("expected no " + id + ", but the plan has it at rank " + (ids.indexOf(id) + 1));
            }
        }
        for (Map.Entry<String, Integer> rank : scenario.atMostRank().entrySet()) {
            int actual = ids.indexOf(rank.getKey()) + 1;
            if (actual == 0) differences.add("expected " + rank.getKey() + " at rank " + rank.getValue()
                    + " or better, but the plan does not have it");
            else if (actual > rank.getValue()) differences.add("expected " + rank.getKey() + " at rank "
                    + rank.getValue() + " or better, but it is at rank " + actual);
        }
    }

    /** The reasons the scenario expects a recommendation to give: among its reasons, or exactly its reasons. */
    private static void reasons(Scenario scenario, Plan plan, List<String> differences) {
        for (Map.Entry<String, List<String>> reasons : scenario.reasons().entrySet()) {
            Optional<Recommendation> recommendation = plan.recommendations().stream()
                    .filter(r -> r.id().equals(reasons.getKey())).findFirst();
            for (String reason : reasons.getValue()) {
                if (recommendation.isEmpty()) {
                    differences.add("expected " + reasons.getKey() + " because \"" + reason + "\", but the plan does"
                            + " not have it");
                } else if (!recommendation.get().because().contains(reason)) {
                    differences.add("expected " + reasons.getKey() + " because \"" + reason + "\", but its reasons are "
                            + recommendation.get().because());
                }
            }
        }
        for (Map.Entry<String, List<String>> reasons : scenario.exactReasons().entrySet()) {
            plan.recommendations().stream().filter(r -> r.id().equals(reasons.getKey())).findFirst().ifPresentOrElse(
                    r -> {
                        if (!r.because().equals(reasons.getValue())) {
                            differences.add("expected " + r.id() + " because exactly " + reasons.getValue()
                                    + ", but its reasons are " + r.because());
                        }
                    },
                    () -> differences.add("expected " + reasons.getKey() + " because exactly " + reasons.getValue()
                            + ", but the plan does not have it"));
        }
    }

    private static void progression(Scenario.ExpectedProgression expected, Plan plan, List<String> differences) {
        Progression actual = plan.progression();
        if (expected.none() != null && expected.none() != (actual == null)) {
            differences.add(expected.none() ? "expected no progression, but the plan has " + actual
                    : "expected a progression, but the plan has none");
        }
        if (actual == null) {
            if (expected.decision() != null || expected.toMinutes() != null || expected.fromMinutes() != null) {
                differences.add("expected a progression, but the plan has none");
            }
            return;
        }
        if (expected.decision() != null && expected.decision() != actual.decision()) {
            differences.add("expected progression " + WireName.of(expected.decision()) + ", but it is "
                    + WireName.of(actual.decision()) + " because " + actual.because());
        }
        if (expected.fromMinutes() != null && expected.fromMinutes() != actual.fromMinutes()) {
            differences.add("expected progression from " + expected.fromMinutes() + " minutes, but it is from "
                    + actual.fromMinutes());
        }
        if (expected.toMinutes() != null && expected.toMinutes() != actual.toMinutes()) {
            differences.add("expected progression to " + expected.toMinutes() + " minutes, but it is to "
                    + actual.toMinutes() + " because " + actual.because());
        }
    }

    private static String names(java.util.Collection<? extends Enum<?>> values) {
        return String.join(", ", values.stream().map(WireName::of).sorted().toList());
    }

    private static void findings(List<Scenario.ExpectedFinding> expected, Plan plan, List<String> differences) {
        List<Finding> actual = plan.triage().findings();
        if (expected.size() != actual.size()) {
            differences.add("expected " + expected.size() + " red-flag findings, but the plan has " + actual.size()
                    + ": " + actual.stream().map(ScenarioRunner::describe).toList());
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            Scenario.ExpectedFinding want = expected.get(i);
            Finding got = actual.get(i);
            List<String> flags = got.flags().stream().map(WarningSign::wire).toList();
            if ((want.within() != null && want.within() != got.within())
                    || (want.suspected() != null && !want.suspected().equals(got.suspected()))
                    || (want.flags() != null && !want.flags().equals(flags))
                    || (want.persisting() != null && want.persisting() != got.persisting())
                    || (want.actionSays() != null && !got.action().contains(want.actionSays()))) {
                differences.add("expected finding " + (i + 1) + " to be " + describe(want) + ", but it is "
                        + describe(got));
            }
        }
    }

    private static String describe(Finding finding) {
        return WireName.of(finding.within()) + ": " + finding.suspected() + " "
                + finding.flags().stream().map(WarningSign::wire).toList() + (finding.persisting() ? " persisting" : "")
                + ": \"" + finding.action() + "\"";
    }

    private static String describe(Scenario.ExpectedFinding finding) {
        return (finding.within() == null ? "any time" : WireName.of(finding.within())) + ": "
                + (finding.suspected() == null ? "anything" : finding.suspected())
                + (finding.flags() == null ? "" : " " + finding.flags())
                + (finding.persisting() == null ? "" : finding.persisting() ? " persisting" : " not persisting")
                + (finding.actionSays() == null ? "" : ", saying \"" + finding.actionSays() + "\"");
    }

    private static String name(Enum<?> value) {
        return value == null ? "none" : WireName.of(value);
    }

    private static void week(Scenario.WeekLimits limits, Plan plan, ActivityCatalogue catalogue, int shortestSession,
            List<String> differences) {
        if (limits.none() != null && limits.none() != (plan.weeklyPlan() == null)) {
            differences.add(limits.none() ? "expected no weekly plan, but there is one"
                    : "expected a weekly plan, but there is none");
        }
        if (plan.weeklyPlan() == null) return;
        List<ScheduledActivity> all = plan.weeklyPlan().days().stream().flatMap(d -> d.activities().stream()).toList();
        List<ScheduledActivity> main = all.stream().filter(a -> a.kind() != ActivityKind.MOBILITY).toList();
        if (limits.maxIntensity() != null) {
            Optional<ScheduledActivity> harder = all.stream()
                    .filter(a -> a.intensity().compareTo(limits.maxIntensity()) > 0).findFirst();
            harder.ifPresent(a -> differences.add("expected nothing above " + WireName.of(limits.maxIntensity())
                    + ", but " + a.activity() + " is " + WireName.of(a.intensity())));
        }
        mainMinutes(limits, main, differences);
        activities(limits, plan, all, main, differences);
        sessions(limits, plan, main, shortestSession, differences);
        if (!limits.noExerciseMoving().isEmpty()) {
            List<String> forbidden = catalogue.instructionsMoving(limits.noExerciseMoving());
            all.stream().flatMap(a -> a.exercises().stream()).filter(forbidden::contains).distinct()
                    .forEach(e -> differences.add("expected no exercise that moves the spine in "
                            + names(limits.noExerciseMoving()) + ", but the week has: " + e));
        }
    }

    /** The week's minutes of main activity. */
    private static void mainMinutes(Scenario.WeekLimits limits, List<ScheduledActivity> main, List<String> differences) {
        int minutes = main.stream().mapToInt(ScheduledActivity::minutes).sum();
        if (limits.maxMainMinutes() != null && minutes > limits.maxMainMinutes()) {
            differences.add("expected at most " + limits.maxMainMinutes() + " minutes of main activity, but the week"
                    + " has " + minutes);
        }
        if (limits.minMainMinutes() != null && minutes < limits.minMainMinutes()) {
            differences.add("expected at least " + limits.minMainMinutes() + " minutes of main activity, but the week"
                    + " has " + minutes);
        }
    }

    /** The week's sessions: the longest, the days of rest, how many of the rules' shortest session or more. */
    private static void sessions(Scenario.WeekLimits limits, Plan plan, List<ScheduledActivity> main,
            int shortestSession, List<String> differences) {
        if (limits.longestSession() != null) {
            main.stream().filter(a -> a.minutes() > limits.longestSession()).findFirst().ifPresent(a -> differences
                    .add("expected no session longer than " + limits.longestSession() + " minutes, but " + a.activity()
                            + " lasts " + a.minutes()));
        }
        long rest = plan.weeklyPlan().dose().restDays();
        if (limits.minRestDays() != null && rest < limits.minRestDays()) {
            differences.add("expected at least " + limits.minRestDays() + " days without a main session, but the week"
                    + " has " + rest);
        }
        long sessions = main.stream().filter(a -> a.minutes() >= shortestSession).count();
        if (limits.minSessions() != null && sessions < limits.minSessions()) {
            differences.add("expected at least " + limits.minSessions() + " main sessions of " + shortestSession
                    + " minutes or more, but the week has " + sessions);
        }
    }

    /** The week's activities: how many different, the days of each kind, which are and are not scheduled. */
    private static void activities(Scenario.WeekLimits limits, Plan plan, List<ScheduledActivity> all,
            List<ScheduledActivity> main, List<String> differences) {
        long different = main.stream().map(ScheduledActivity::activity).distinct().count();
        if (limits.minDifferentActivities() != null && different < limits.minDifferentActivities()) {
            differences.add("expected at least " + limits.minDifferentActivities() + " different main activities, but"
                    + " the week has " + different);
        }
        for (Map.Entry<ActivityKind, Integer> kind : limits.minDaysOfKind().entrySet()) {
            long days = plan.weeklyPlan().days().stream()
                    .filter(d -> d.activities().stream().anyMatch(a -> a.kind() == kind.getKey())).count();
            if (days < kind.getValue()) {
                differences.add("expected " + WireName.of(kind.getKey()) + " on at least " + kind.getValue()
                        + " days, but the week has it on " + days);
            }
        }
        for (String activity : limits.scheduled()) {
            if (all.stream().noneMatch(a -> a.activity().equals(activity))) {
                differences.add("expected " + activity + " in the week, but it is not scheduled");
            }
        }
        for (String activity : limits.notScheduled()) {
            if (all.stream().anyMatch(a -> a.activity().equals(activity))) {
                differences.add("expected no " + activity + " in the week, but it is scheduled");
            }
        }
    }
}
