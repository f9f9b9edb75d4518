package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.ActivityKind;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.profile.WireName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scenarios for {@code rules/weekly-plan.drl}: the dose, the intensity ceiling and the session length, each explained
 * as a reason of the one recommendation about this week.
 */
class WeeklyPlanRulesTest {

    private static int mainMinutes(Plan plan) {
        return plan.weeklyPlan().days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != ActivityKind.MOBILITY)
                .mapToInt(a -> a.minutes()).sum();
    }

    private static Plan planOf(String profile) {
        return plan(profile.startsWith("{") ? profile.substring(1, profile.length() - 1).replace("}, ", "}\n")
                + "\n" : profile + "\n");
    }

    @ParameterizedTest(name = "{0} -> {1} minutes")
    @CsvSource(delimiter = '|', textBlock = """
            activity: {activeMinutesPerWeek: 0}                                  | 30  | (under 150): 30 minutes of activity this week, a step up of about 10%, at least 10 minutes
            activity: {activeMinutesPerWeek: 60}                                 | 70  | (under 150): 70 minutes of activity this week, a step up of about 10%, at least 10 minutes
            activity: {activeMinutesPerWeek: 120}                                | 130 | (under 150): 130 minutes of activity this week, a step up of about 10%, at least 10 minutes
            activity: {activeMinutesPerWeek: 145}                                | 150 | (under 150): 150 minutes of activity this week, a step up of about 10%, at least 10 minutes
            activity: {activeMinutesPerWeek: 212}                                | 210 | (150 or more): 210 minutes this week, as now
            activity: {activeMinutesPerWeek: 420, minutesPerSession: 120}        | 420 | (150 or more): 420 minutes this week, as now
            sleep: {position: back}                                              | 60  | activity.activeMinutesPerWeek is not known: a cautious 60 minutes this week
            {pain: {currentIntensity: 2, fearOfMovement: moderate}, activity: {activeMinutesPerWeek: 100}} | 110 | (under 150): 110 minutes of activity this week, a step up of about 10%, at least 10 minutes
            {pain: {currentIntensity: 2, fearOfMovement: high}}                  | 30  | pain.fearOfMovement is high: a small start of 30 minutes this week, building up from there
            {pain: {currentIntensity: 8}, activity: {activeMinutesPerWeek: 100}} | 50  | pain.currentIntensity is 8 (7 or more, usual pain not given): a flare; with pain of 7 or more, ease back to 50 minutes this week, about half
            {pain: {currentIntensity: 5, usualIntensity: 3}, activity: {activeMinutesPerWeek: 100}} | 100 | pain.currentIntensity is 5, 2 or more above pain.usualIntensity is 3: a flare: hold steady at 100 minutes this week
            {pain: {currentIntensity: 7, usualIntensity: 7}, activity: {activeMinutesPerWeek: 100}} | 110 | (under 150): 110 minutes of activity this week, a step up of about 10%, at least 10 minutes
            {pain: {currentIntensity: 7}}                                        | 30  | never less than 3 sessions of 10 minutes: 30 minutes this week
            {pain: {currentIntensity: 9}, activity: {activeMinutesPerWeek: 10}}  | 30  | never less than 3 sessions of 10 minutes: 30 minutes this week
            {pain: {currentIntensity: 8, usualIntensity: 7}, activity: {activeMinutesPerWeek: 0}, age: 70} | 50 | never less than 3 sessions of 10 minutes and 2 of balance: 50 minutes this week
            {pain: {currentIntensity: 3, redFlags: [recent-infection]}, activity: {activeMinutesPerWeek: 100}} | 100 | serious pathology to rule out (infection) suspected (within 1-week): no step up until assessed, 100 minutes this week
            activity: {activeMinutesPerWeek: 200, availableDays: [monday, friday], minutesPerSession: 40} | 80 | activity.availableDays has 2 days of up to 40 minutes: at most 80 minutes
            """)
    void theMostCautiousDoseHoldsAndIsExplained(String profile, int minutes, String reason) {
        Plan plan = planOf(profile);

        assertThat(recommendation(plan, "activity-this-week").because()).anyMatch(b -> b.endsWith(reason));
        assertThat(mainMinutes(plan)).isEqualTo(minutes);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            activity: {activeMinutesPerWeek: 200}                                | vigorous | activity.activeMinutesPerWeek is 200 (150 or more) with pain under 4: up to vigorous
            activity: {activeMinutesPerWeek: 100}                                | moderate | activity.activeMinutesPerWeek is 100 (under 150): up to moderate
            {pain: {currentIntensity: 4}, activity: {activeMinutesPerWeek: 200}} | moderate | pain.currentIntensity is 4 (4 or more): up to moderate
            activity: {activeMinutesPerWeek: 59}                                 | light    | activity.activeMinutesPerWeek is 59 (under 60): start light
            {pain: {currentIntensity: 1, fearOfMovement: moderate}}              | light    | pain.fearOfMovement is moderate: start light and build up step by step
            {pain: {currentIntensity: 7}}                                        | light    | pain.currentIntensity is 7 (7 or more): light at most
            {pain: {currentIntensity: 2, redFlags: [constant-night-pain]}}       | light    | serious pathology to rule out suspected (within 1-week): light at most until assessed
            {pain: {currentIntensity: 10}}                                       | gentle   | pain.currentIntensity is 10 (9 or more): gentle only
            """)
    void theLowestIntensityCeilingHoldsAndIsExplained(String profile, String level, String reason) {
        Plan plan = planOf(profile);
        Intensity ceiling = WireName.parse(Intensity.class, level).orElseThrow();

        assertThat(recommendation(plan, "activity-this-week").because()).contains(reason)
                .noneMatch(b -> b.matches(".*: (up to|start|light|gentle) .*")
                        && !b.matches(".*: (" + String.join("|", ceilingWords(ceiling)) + ").*"));
        assertThat(plan.weeklyPlan().days()).flatExtracting(d -> d.activities())
                .allMatch(a -> a.intensity().compareTo(ceiling) <= 0);
    }

    /** How the reasons for a ceiling of this level begin. */
    private static String[] ceilingWords(Intensity ceiling) {
        return switch (ceiling) {
            case VIGOROUS -> new String[] {"up to vigorous"};
            case MODERATE -> new String[] {"up to moderate"};
            case LIGHT -> new String[] {"start light", "light at most"};
            case GENTLE -> new String[] {"gentle only"};
        };
    }
}
