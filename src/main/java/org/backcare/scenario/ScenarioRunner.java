package org.backcare.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backcare.Planner;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.ScheduledActivity;
import org.backcare.profile.WireName;
import org.backcare.rules.RulesException;

/** Plans a scenario's profile and lists every way the plan differs from what the scenario expects. */
public final class ScenarioRunner {
    private final Planner planner;

    public ScenarioRunner(Planner planner) {
        this.planner = planner;
    }

    /** What differed, one line each; empty when the scenario passes. */
    public List<String> differences(Scenario scenario) {
        Plan plan;
        try {
            plan = planner.plan(scenario.profile());
        } catch (RulesException e) {
            return List.of("the rules failed: " + e.getMessage());
        }
        List<String> differences = new ArrayList<>();
        List<String> ids = plan.recommendations().stream().map(Recommendation::id).toList();
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
        if (scenario.triage() != null && scenario.triage() != plan.triage().level()) {
            differences.add("expected triage " + WireName.of(scenario.triage()) + ", but it is "
                    + WireName.of(plan.triage().level()));
        }
        if (scenario.riskGroup() != null && scenario.riskGroup().value() != plan.riskGroup()) {
            differences.add("expected risk group " + name(scenario.riskGroup().value()) + ", but it is "
                    + name(plan.riskGroup()));
        }
        if (scenario.week() != null) week(scenario.week(), plan, differences);
        return differences;
    }

    private static String name(Enum<?> value) {
        return value == null ? "none" : WireName.of(value);
    }

    private static void week(Scenario.WeekLimits limits, Plan plan, List<String> differences) {
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
        int minutes = main.stream().mapToInt(ScheduledActivity::minutes).sum();
        if (limits.maxMainMinutes() != null && minutes > limits.maxMainMinutes()) {
            differences.add("expected at most " + limits.maxMainMinutes() + " minutes of main activity, but the week"
                    + " has " + minutes);
        }
        if (limits.minMainMinutes() != null && minutes < limits.minMainMinutes()) {
            differences.add("expected at least " + limits.minMainMinutes() + " minutes of main activity, but the week"
                    + " has " + minutes);
        }
        long different = main.stream().map(ScheduledActivity::activity).distinct().count();
        if (limits.minDifferentActivities() != null && different < limits.minDifferentActivities()) {
            differences.add("expected at least " + limits.minDifferentActivities() + " different main activities, but"
                    + " the week has " + different);
        }
    }
}
