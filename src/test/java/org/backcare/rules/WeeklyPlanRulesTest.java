package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.ActivityKind;
import org.backcare.plan.Plan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenarios for {@code rules/weekly-plan.drl}: the dose, the intensity ceiling and the session length. */
class WeeklyPlanRulesTest {

    private static int mainMinutes(Plan plan) {
        return plan.weeklyPlan().days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != ActivityKind.MOBILITY).mapToInt(a -> a.minutes()).sum();
    }

    @ParameterizedTest(name = "{0} -> {1} minutes")
    @CsvSource(delimiter = '|', textBlock = """
            activity: {activeMinutesPerWeek: 0}                                  | 30  | (under 150): 30 minutes this week, a step toward 150
            activity: {activeMinutesPerWeek: 60}                                 | 75  | (under 150): 75 minutes this week, a step toward 150
            activity: {activeMinutesPerWeek: 120}                                | 135 | (under 150): 135 minutes this week, a step toward 150
            activity: {activeMinutesPerWeek: 145}                                | 150 | (under 150): 150 minutes this week, a step toward 150
            activity: {activeMinutesPerWeek: 212}                                | 210 | (150 or more): 210 minutes this week, as now
            activity: {activeMinutesPerWeek: 720}                                | 300 | (150 or more): 300 minutes this week, the top of the guideline
            sleep: {position: back}                                              | 60  | activity.activeMinutesPerWeek is not known: a cautious 60 minutes this week
            {pain: {currentIntensity: 2, fearOfMovement: moderate}, activity: {activeMinutesPerWeek: 100}} | 110 | pain.fearOfMovement is moderate: small steps, 110 minutes this week
            {pain: {currentIntensity: 2, fearOfMovement: high}}                  | 30  | pain.fearOfMovement is high: a small start of 30 minutes this week
            {pain: {currentIntensity: 8}, activity: {activeMinutesPerWeek: 100}} | 50  | pain.currentIntensity is 8 (7 or more: a flare): ease back to 50 minutes this week, half of now
            {pain: {currentIntensity: 7}}                                        | 20  | pain.currentIntensity is 7 (7 or more: a flare): a gentle 20 minutes this week
            {pain: {currentIntensity: 9}, activity: {activeMinutesPerWeek: 10}}  | 20  | pain.currentIntensity is 9 (7 or more: a flare): a gentle 20 minutes this week
            {pain: {currentIntensity: 3, redFlags: [fever]}, activity: {activeMinutesPerWeek: 100}} | 100 | pain.redFlags includes fever: no step up until assessed, 100 minutes this week
            activity: {activeMinutesPerWeek: 200, availableDays: [monday, friday], minutesPerSession: 40} | 80 | activity.availableDays has 2 days of up to 40 minutes: at most 80 minutes
            """)
    void theMostCautiousDoseHoldsAndIsExplained(String profile, int minutes, String reason) {
        Plan plan = plan(profile.startsWith("{") ? profile.substring(1, profile.length() - 1).replace("}, ", "}\n")
                + "\n" : profile + "\n");

        assertThat(recommendation(plan, "activity-weekly-dose").because()).anyMatch(b -> b.endsWith(reason));
        assertThat(mainMinutes(plan)).isEqualTo(minutes);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            activity: {activeMinutesPerWeek: 200}                                | movement-vigorous-allowed | activity.activeMinutesPerWeek is 200 (150 or more) with pain under 4: up to vigorous
            activity: {activeMinutesPerWeek: 100}                                | movement-up-to-moderate   | activity.activeMinutesPerWeek is 100 (under 150): up to moderate
            {pain: {currentIntensity: 4}, activity: {activeMinutesPerWeek: 200}} | movement-up-to-moderate   | pain.currentIntensity is 4 (4 or more): up to moderate
            activity: {activeMinutesPerWeek: 59}                                 | movement-keep-it-light    | activity.activeMinutesPerWeek is 59 (under 60): start light
            {pain: {currentIntensity: 1, fearOfMovement: moderate}}              | movement-keep-it-light    | pain.fearOfMovement is moderate: start light
            {pain: {currentIntensity: 7}}                                        | movement-keep-it-light    | pain.currentIntensity is 7 (7 or more): light at most
            {pain: {currentIntensity: 2, redFlags: [constant-night-pain]}}       | movement-keep-it-light    | pain.redFlags includes constant-night-pain: light at most until assessed
            {pain: {currentIntensity: 10}}                                       | movement-keep-it-gentle   | pain.currentIntensity is 10 (9 or more): gentle only
            """)
    void theLowestIntensityCeilingHoldsAndIsExplained(String profile, String advice, String reason) {
        Plan plan = plan(profile.startsWith("{") ? profile.substring(1, profile.length() - 1).replace("}, ", "}\n")
                + "\n" : profile + "\n");

        assertThat(recommendation(plan, advice).because()).contains(reason);
        assertThat(plan.recommendations()).filteredOn(r -> r.id().startsWith("movement-keep-it")
                || r.id().equals("movement-up-to-moderate") || r.id().equals("movement-vigorous-allowed"))
                .hasSize(1);
    }
}
