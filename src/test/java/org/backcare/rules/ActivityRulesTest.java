package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.Plan;
import org.junit.jupiter.api.Test;

/** Scenarios for {@code rules/activity.drl}: mix it up, build toward the guideline, strength, keep it up. */
class ActivityRulesTest {

    @Test
    void underTheGuidelineBuildsUpGradually() {
        Plan plan = plan("activity: {activeMinutesPerWeek: 149, likes: [walking, yoga]}\n");

        assertThat(recommendation(plan, "activity-build-toward-guideline").because())
                .containsExactly("activity.activeMinutesPerWeek is 149 (under 150)");
        assertThat(recommendation(plan, "activity-build-toward-guideline").evidence())
                .contains("who-2020-physical-activity");
        assertThat(ids(plan)).doesNotContain("activity-keep-it-up");
    }

    @Test
    void atTheGuidelineKeepsItUp() {
        Plan plan = plan("activity: {activeMinutesPerWeek: 150}\n");

        assertThat(recommendation(plan, "activity-keep-it-up").because())
                .containsExactly("activity.activeMinutesPerWeek is 150 (150 or more)");
        assertThat(ids(plan)).doesNotContain("activity-build-toward-guideline");
    }

    @Test
    void everyoneWhoseActivityWasAssessedIsToldToMixItUp() {
        assertThat(recommendation(plan("activity: {likes: [walking, gardening]}\n"), "activity-mix-it-up").because())
                .containsExactly("activity.likes is walking, gardening");
        assertThat(recommendation(plan("activity: {}\n"), "activity-mix-it-up").because())
                .containsExactly("activity.likes is empty");
    }

    @Test
    void withoutAnActivitySectionOnlyTheCautiousWeeklyDoseIsGiven() {
        Plan plan = plan("sleep: {position: back}\n");

        assertThat(ids(plan)).filteredOn(id -> id.startsWith("activity-")).containsExactly("activity-weekly-dose");
        assertThat(recommendation(plan, "activity-weekly-dose").because())
                .containsExactly("activity.activeMinutesPerWeek is not known: a cautious 60 minutes this week");
    }

    @Test
    void strengthIsAddedUnlessAStrengthActivityIsLiked() {
        assertThat(ids(plan("activity: {likes: [walking, yoga]}\n"))).contains("activity-add-strength");
        assertThat(ids(plan("activity: {likes: [walking, pilates]}\n"))).doesNotContain("activity-add-strength");
        assertThat(ids(plan("activity: {likes: [strength-training]}\n"))).doesNotContain("activity-add-strength");
    }
}
