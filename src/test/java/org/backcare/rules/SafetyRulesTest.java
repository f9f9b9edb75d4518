package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.Category;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.TriageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scenarios for {@code rules/safety.drl}: red flags set triage, and safety advice then ranks first. */
class SafetyRulesTest {
    private static final String EXERCISE_WORTHY = """
            sleep: {position: back, wakesWithStiffness: true}
            activity: {activeMinutesPerWeek: 30, likes: [walking]}
            pain:
              currentIntensity: 7
              durationWeeks: 20
              flaresLastYear: 4
              fearOfMovement: high
              redFlags: [%s]
            """;

    @ParameterizedTest
    @ValueSource(strings = {"bladder-or-bowel-change", "saddle-numbness", "progressive-leg-weakness",
        "recent-major-trauma"})
    void anUrgentRedFlagPutsUrgentCareFirstAndGivesNoExercise(String flag) {
        // given a person in a flare, afraid to move, who also reports an urgent red flag
        // when
        Plan plan = plan(EXERCISE_WORTHY.formatted(flag));

        // then
        assertThat(plan.triage().level()).isEqualTo(TriageLevel.URGENT);
        assertThat(plan.triage().reasons()).singleElement().asString().isNotBlank();
        assertThat(plan.recommendations().get(0).id()).isEqualTo("safety-seek-urgent-care");
        assertThat(plan.recommendations().get(0).because()).containsExactly("pain.redFlags includes " + flag);
        assertThat(plan.weeklyPlan()).isNull();
        assertThat(plan.recommendations()).extracting(r -> r.category())
                .doesNotContain(Category.MOVEMENT, Category.ACTIVITY);
        assertThat(ids(plan)).doesNotContain("sleep-morning-stiffness", "safety-see-clinician-soon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"history-of-cancer", "unexplained-weight-loss", "fever", "osteoporosis-or-steroids",
        "constant-night-pain"})
    void aSeeClinicianRedFlagPutsSeeingAClinicianFirstAndCapsIntensity(String flag) {
        Plan plan = plan(EXERCISE_WORTHY.formatted(flag));

        assertThat(plan.triage().level()).isEqualTo(TriageLevel.SEE_CLINICIAN);
        assertThat(plan.triage().reasons()).hasSize(1);
        assertThat(plan.recommendations().get(0).id()).isEqualTo("safety-see-clinician-soon");
        assertThat(plan.recommendations().get(0).category()).isEqualTo(Category.SAFETY);
        assertThat(plan.weeklyPlan()).isNotNull();
        assertThat(plan.weeklyPlan().days()).flatExtracting(d -> d.activities())
                .allMatch(a -> a.intensity() == Intensity.GENTLE || a.intensity() == Intensity.LIGHT);
        // gentle movement advice stays: the flag needs a clinician, not bed rest
        assertThat(ids(plan)).contains("movement-sweet-spot", "movement-daily-spine-mobility");
    }

    @Test
    void urgentOutranksSeeClinicianAndEveryReasonIsGivenMostUrgentFirst() {
        Plan plan = plan(EXERCISE_WORTHY.formatted("fever, saddle-numbness, history-of-cancer"));

        assertThat(plan.triage().level()).isEqualTo(TriageLevel.URGENT);
        assertThat(plan.triage().reasons()).hasSize(3);
        assertThat(plan.triage().reasons().get(0)).containsIgnoringCase("numbness around the genitals");
        assertThat(ids(plan)).startsWith("safety-seek-urgent-care").doesNotContain("safety-see-clinician-soon");
    }

    @Test
    void severalUrgentFlagsGiveOneUrgentRecommendationWithEveryFlag() {
        Plan plan = plan(EXERCISE_WORTHY.formatted("saddle-numbness, bladder-or-bowel-change"));

        assertThat(ids(plan)).filteredOn(id -> id.equals("safety-seek-urgent-care")).hasSize(1);
        assertThat(recommendation(plan, "safety-seek-urgent-care").because()).containsExactlyInAnyOrder(
                "pain.redFlags includes saddle-numbness", "pain.redFlags includes bladder-or-bowel-change");
    }

    @Test
    void withoutRedFlagsTriageIsSelfCareAndTheWarningSignsAreTaught() {
        Plan plan = plan(EXERCISE_WORTHY.formatted(""));

        assertThat(plan.triage().level()).isEqualTo(TriageLevel.SELF_CARE);
        assertThat(plan.triage().reasons()).isEmpty();
        assertThat(plan.recommendations()).extracting(r -> r.category()).doesNotContain(Category.SAFETY);
        assertThat(recommendation(plan, "education-know-warning-signs").because())
                .containsExactly("pain.redFlags is empty");
    }

    @Test
    void whenPainWasNotAssessedTheWarningSignsRankHigher() {
        Plan unscreened = plan("sleep: {position: side}\n");
        Plan screened = plan("pain: {currentIntensity: 0}\n");

        assertThat(recommendation(unscreened, "education-know-warning-signs").because())
                .containsExactly("pain was not assessed, so red flags were not screened");
        assertThat(recommendation(unscreened, "education-know-warning-signs").priority())
                .isGreaterThan(recommendation(screened, "education-know-warning-signs").priority());
        assertThat(unscreened.triage().level()).isEqualTo(TriageLevel.SELF_CARE);
    }
}
