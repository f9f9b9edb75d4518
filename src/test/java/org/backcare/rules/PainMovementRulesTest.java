package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenarios for {@code rules/pain-movement.drl} (and the situations of {@code classify.drl} it reads): daily mobility,
 * fear met with education, the movement sweet spot, flares relative to the person, pain duration, leg pain.
 */
class PainMovementRulesTest {
    /** The reason everyone with a week gets the sweet spot and the traffic light. */
    private static final String EVERYONE = "everyone: what to do if pain rises during or after activity";

    @Test
    void everyoneGetsDailySpineMobilityAndPainAndStiffnessAreNamedAsReasons() {
        Plan noPain = plan("sleep: {position: back}\n");
        Plan inPain = plan("pain: {currentIntensity: 4, areas: [lower-back, neck]}\nsleep: {position: side,"
                + " wakesWithStiffness: true}\n");

        assertThat(recommendation(noPain, "movement-daily-spine-mobility").because())
                .containsExactly("everyone: a few minutes a day keep the spine moving");
        assertThat(recommendation(inPain, "movement-daily-spine-mobility").because()).startsWith(
                "pain.currentIntensity is 4", "pain.areas is lower-back, neck")
                .contains("sleep.wakesWithStiffness is true: start the day with the routine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"moderate", "high"})
    void fearOfMovingIsMetWithPainScienceEducationInTheFocus(String fear) {
        Plan plan = plan("""
                pain: {currentIntensity: 3, fearOfMovement: %s, redFlags: []}
                activity: {activeMinutesPerWeek: 40}
                sitting: {hoursPerDay: 9, longestStretchMinutes: 120}
                smoking: {status: current, readyToQuit: true}
                """.formatted(fear));

        assertThat(recommendation(plan, "education-hurt-is-not-harm").because())
                .containsExactly("pain.fearOfMovement is " + fear);
        assertThat(recommendation(plan, "education-hurt-is-not-harm").evidence())
                .contains("louw-2016-pain-neuroscience-education", "vlaeyen-2000-fear-avoidance");
        assertThat(plan.focus()).first().isEqualTo("education-hurt-is-not-harm");
        // reassurance ranks above any limit on this week's activity
        assertThat(ids(plan).indexOf("education-hurt-is-not-harm")).isLessThan(ids(plan).indexOf("activity-this-week"));
    }

    @Test
    void noTextTellsAFearfulPersonThatActivityIsDangerous() {
        Plan plan = plan("pain: {currentIntensity: 6, fearOfMovement: high, durationWeeks: 30}\n"
                + "activity: {activeMinutesPerWeek: 10}\n");

        assertThat(plan.recommendations()).allSatisfy(r -> assertThat((r.title() + " " + r.advice()).toLowerCase())
                .doesNotContain("dangerous", "damage your spine", "harmful", "avoid activity", "rest until"));
    }

    @Test
    void fearIsNotExplainedAwayWhileARedFlagWaitsForAssessment() {
        Plan plan = plan("pain: {currentIntensity: 3, fearOfMovement: high, redFlags: [osteoporosis-or-steroids]}\n");

        assertThat(ids(plan)).doesNotContain("education-hurt-is-not-harm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "low"})
    void littleFearAndModeratePainNeedNoEducationOrSweetSpot(String fear) {
        Plan plan = plan("pain: {currentIntensity: 6, fearOfMovement: %s}\n".formatted(fear));

        assertThat(ids(plan)).doesNotContain("education-hurt-is-not-harm");
        assertThat(recommendation(plan, "movement-sweet-spot").because()).containsExactly(EVERYONE);
    }

    @Test
    void aFlareIsARiseAboveThePersonsUsualPain() {
        assertThat(recommendation(plan("pain: {currentIntensity: 7}\n"), "movement-sweet-spot").because())
                .containsExactly("pain.currentIntensity is 7 (7 or more, usual pain not given): a flare", EVERYONE);
        assertThat(recommendation(plan("pain: {currentIntensity: 4, usualIntensity: 2}\n"), "movement-sweet-spot")
                .because()).containsExactly("pain.currentIntensity is 4, 2 or more above pain.usualIntensity is 2:"
                        + " a flare", EVERYONE);
        // someone whose usual pain is 7 is not in a flare at 7, nor at 8
        assertThat(recommendation(plan("pain: {currentIntensity: 7, usualIntensity: 7}\n"), "movement-sweet-spot").because()).containsExactly(EVERYONE);
        assertThat(recommendation(plan("pain: {currentIntensity: 8, usualIntensity: 7}\n"), "movement-sweet-spot").because()).containsExactly(EVERYONE);
        assertThat(recommendation(plan("pain: {currentIntensity: 6}\n"), "movement-sweet-spot").because()).containsExactly(EVERYONE);
    }

    @Test
    void tooLittleActivityWithPainStartsSmall() {
        Plan plan = plan("""
                pain: {currentIntensity: 3}
                activity: {activeMinutesPerWeek: 20}
                """);

        assertThat(recommendation(plan, "movement-sweet-spot").because())
                .containsExactly("activity.activeMinutesPerWeek is 20 (under 60)", "pain.currentIntensity is 3", EVERYONE);
    }

    @Test
    void tooMuchActivityWithModeratePainEasesBack() {
        Plan plan = plan("""
                pain: {currentIntensity: 5}
                activity: {activeMinutesPerWeek: 650}
                """);

        assertThat(recommendation(plan, "movement-sweet-spot").because()).containsExactly(
                "activity.activeMinutesPerWeek is 650 (600 or more)", "pain.currentIntensity is 5 (5 or more)", EVERYONE);
    }

    @Test
    void severalReasonsForTheSweetSpotGiveOneRecommendationWithAllOfThem() {
        Plan plan = plan("pain: {currentIntensity: 8}\nactivity: {activeMinutesPerWeek: 30}\n");

        assertThat(ids(plan)).filteredOn("movement-sweet-spot"::equals).hasSize(1);
        assertThat(recommendation(plan, "movement-sweet-spot").because()).containsExactlyInAnyOrder(
                "pain.currentIntensity is 8 (7 or more, usual pain not given): a flare",
                "activity.activeMinutesPerWeek is 30 (under 60)", "pain.currentIntensity is 8", EVERYONE);
    }

    @Test
    void painOfTwelveWeeksOrLessIsToldToStayActive() {
        Plan plan = plan("pain: {currentIntensity: 4, durationWeeks: 12}\n");

        assertThat(recommendation(plan, "movement-stay-active").because())
                .containsExactly("pain.durationWeeks is 12 (12 or less: acute or subacute)");
        assertThat(ids(plan("pain: {currentIntensity: 4, durationWeeks: 5}\n")))
                .doesNotContain("movement-exercise-programme");
    }

    @Test
    void painOfSixWeeksOrMoreIsOfferedAnExerciseProgrammeWithoutWaitingTwelve() {
        // NICE NG59 sets no wait for the group exercise programme; the project offers it from 6 weeks
        assertThat(recommendation(plan("pain: {currentIntensity: 4, durationWeeks: 6}\n"),
                "movement-exercise-programme").because()).containsExactly("pain.durationWeeks is 6 (6 or more)");
    }

    @Test
    void painOfMoreThanTwelveWeeksIsOfferedAnExerciseProgramme() {
        Plan plan = plan("pain: {currentIntensity: 4, durationWeeks: 13}\n");

        assertThat(recommendation(plan, "movement-exercise-programme").because())
                .containsExactly("pain.durationWeeks is 13 (6 or more)");
        assertThat(ids(plan)).doesNotContain("movement-stay-active");
    }

    @Test
    void neckPainAloneGetsNoLowBackPainAdvice() {
        Plan neck = plan("pain: {currentIntensity: 4, durationWeeks: 20, flaresLastYear: 3, areas: [neck]}\n");
        Plan back = plan("pain: {currentIntensity: 4, durationWeeks: 20, flaresLastYear: 3, areas: [neck, lower-back]}\n");

        assertThat(ids(neck)).doesNotContain("movement-exercise-programme", "movement-flare-plan", "movement-leg-pain")
                .contains("movement-daily-spine-mobility");
        assertThat(ids(back)).contains("movement-exercise-programme", "movement-flare-plan");
    }

    @Test
    void legPainGetsSciaticaAdviceCitingNice() {
        Plan plan = plan("pain: {currentIntensity: 5, areas: [lower-back, leg], redFlags: []}\n");

        assertThat(recommendation(plan, "movement-leg-pain").because()).containsExactly("pain.areas includes leg");
        assertThat(recommendation(plan, "movement-leg-pain").evidence()).contains("nice-ng59", "nice-cks-sciatica");
    }

    @Test
    void lowBackPainAdviceWaitsWhileARedFlagIsNotYetAssessed() {
        Plan plan = plan("pain: {currentIntensity: 4, durationWeeks: 20, flaresLastYear: 3, areas: [leg],"
                + " redFlags: [unexplained-weight-loss]}\n");

        assertThat(ids(plan)).doesNotContain("movement-exercise-programme", "movement-flare-plan", "movement-leg-pain",
                "movement-stay-active");
    }

    @Test
    void twoOrMoreFlaresAYearCallForAFlarePlan() {
        assertThat(recommendation(plan("pain: {currentIntensity: 2, flaresLastYear: 2}\n"), "movement-flare-plan")
                .because()).containsExactly("pain.flaresLastYear is 2 (2 or more)");
        assertThat(ids(plan("pain: {currentIntensity: 2, flaresLastYear: 1}\n"))).doesNotContain("movement-flare-plan");
    }
}
