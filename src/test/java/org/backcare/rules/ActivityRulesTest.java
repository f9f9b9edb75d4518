package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.ActivityKind;
import org.backcare.plan.Plan;
import org.junit.jupiter.api.Test;

/** Scenarios for {@code rules/activity.drl}: mix it up, build toward the guideline, strength, keep it up. */
class ActivityRulesTest {

    @Test
    void underTheGuidelineBuildsUpWithTheOneStepUpRule() {
        Plan plan = plan("activity: {activeMinutesPerWeek: 140, likes: [walking, yoga]}\n");

        assertThat(recommendation(plan, "activity-this-week").because()).contains("activity.activeMinutesPerWeek is"
                + " 140 (under 150): 150 minutes of activity this week, a step up of about 10%, at least 10 minutes");
        assertThat(recommendation(plan, "activity-this-week").evidence()).contains("who-2020-physical-activity");
    }

    @Test
    void overThreeHundredMinutesIsNotCappedAtTheTopOfTheGuideline() {
        Plan plan = plan("activity: {activeMinutesPerWeek: 420, minutesPerSession: 90}\n");

        assertThat(recommendation(plan, "activity-this-week").because())
                .contains("activity.activeMinutesPerWeek is 420 (150 or more): 420 minutes this week, as now");
        assertThat(plan.weeklyPlan().days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != ActivityKind.MOBILITY).mapToInt(a -> a.minutes()).sum()).isEqualTo(420);
    }

    @Test
    void everyoneWhoseActivityWasAssessedIsToldToMixItUp() {
        assertThat(recommendation(plan("activity: {likes: [walking, gardening]}\n"), "activity-mix-it-up").because())
                .containsExactly("activity.likes is walking, gardening");
        assertThat(recommendation(plan("activity: {}\n"), "activity-mix-it-up").because())
                .containsExactly("activity.likes is empty");
    }

    @Test
    void withoutAnActivitySectionOnlyTheCautiousWeekIsExplained() {
        Plan plan = plan("sleep: {position: back}\n");

        assertThat(ids(plan)).filteredOn(id -> id.startsWith("activity-")).containsExactly("activity-this-week");
        assertThat(recommendation(plan, "activity-this-week").because())
                .contains("activity.activeMinutesPerWeek is not known: a cautious 60 minutes this week");
    }

    @Test
    void strengthOnTwoDaysIsExplainedWithItsSource() {
        assertThat(recommendation(plan("activity: {likes: [walking, yoga]}\n"), "activity-this-week").because())
                .contains("strength sessions: WHO 2020 advises muscle strengthening on 2 or more days a week")
                .anyMatch(reason -> reason.startsWith("this week holds, as WHO 2020 counts it: ")
                        && reason.contains("strength on 2 days"));
    }

    @Test
    void olderAdultsAreToldWhyTheWeekHoldsBalanceTraining() {
        assertThat(recommendation(plan("age: 70\nactivity: {likes: [walking]}\n"), "activity-this-week").because())
                .contains("age is 70 (65 or over): balance training on up to 3 days a week (WHO 2020), within this"
                        + " week's minutes");
        assertThat(recommendation(plan("age: 64\nactivity: {likes: [walking]}\n"), "activity-this-week").because())
                .noneMatch(reason -> reason.contains("balance training") || reason.contains("balance on"));
    }
}
