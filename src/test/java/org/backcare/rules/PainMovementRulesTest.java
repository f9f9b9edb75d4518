package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scenarios for {@code rules/pain-movement.drl}: daily mobility, the movement sweet spot, and pain duration. */
class PainMovementRulesTest {

    @Test
    void everyoneGetsDailySpineMobilityAndPainIsNamedAsAReason() {
        Plan noPain = plan("sleep: {position: back}\n");
        Plan inPain = plan("pain: {currentIntensity: 4, areas: [lower-back, neck]}\n");

        assertThat(recommendation(noPain, "movement-daily-spine-mobility").because())
                .containsExactly("no red flag calls for urgent care");
        assertThat(recommendation(inPain, "movement-daily-spine-mobility").because()).containsExactly(
                "pain.currentIntensity is 4", "pain.areas is lower-back, neck", "no red flag calls for urgent care");
    }

    @ParameterizedTest
    @ValueSource(strings = {"moderate", "high"})
    void fearOfMovingCallsForTheMovementSweetSpot(String fear) {
        Plan plan = plan("pain: {currentIntensity: 3, fearOfMovement: %s}\n".formatted(fear));

        assertThat(recommendation(plan, "movement-sweet-spot").because())
                .containsExactly("pain.fearOfMovement is " + fear);
        assertThat(recommendation(plan, "movement-sweet-spot").evidence()).contains("hinge-2023-healthy-spine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "low"})
    void littleFearAndModeratePainNeedNoSweetSpotAdvice(String fear) {
        Plan plan = plan("pain: {currentIntensity: 6, fearOfMovement: %s}\n".formatted(fear));

        assertThat(ids(plan)).doesNotContain("movement-sweet-spot");
    }

    @Test
    void aFlareCallsForTheMovementSweetSpot() {
        assertThat(recommendation(plan("pain: {currentIntensity: 7}\n"), "movement-sweet-spot").because())
                .containsExactly("pain.currentIntensity is 7 (7 or more: a flare)");
        assertThat(ids(plan("pain: {currentIntensity: 6}\n"))).doesNotContain("movement-sweet-spot");
    }

    @Test
    void tooLittleActivityWithPainStartsSmall() {
        Plan plan = plan("""
                pain: {currentIntensity: 3}
                activity: {activeMinutesPerWeek: 20}
                """);

        assertThat(recommendation(plan, "movement-sweet-spot").because())
                .containsExactly("activity.activeMinutesPerWeek is 20 (under 60)", "pain.currentIntensity is 3");
    }

    @Test
    void tooMuchActivityWithModeratePainEasesBackInsteadOfKeepingItUp() {
        Plan plan = plan("""
                pain: {currentIntensity: 5}
                activity: {activeMinutesPerWeek: 650}
                """);

        assertThat(recommendation(plan, "movement-sweet-spot").because()).containsExactly(
                "activity.activeMinutesPerWeek is 650 (600 or more)", "pain.currentIntensity is 5 (5 or more)");
        assertThat(ids(plan)).doesNotContain("activity-keep-it-up");
    }

    @Test
    void feelingUnsafeToBeActiveCallsForTheSweetSpot() {
        Plan plan = plan("""
                pain:
                  currentIntensity: 2
                  startBack: {legPain: false, shoulderOrNeckPain: false, walkOnlyShortDistances: false,
                    dressedMoreSlowly: false, notSafeToBeActive: true, worryingThoughts: false,
                    painTerribleNeverBetter: false, notEnjoyedThings: false, bothersomeness: slightly}
                """);

        assertThat(recommendation(plan, "movement-sweet-spot").because())
                .containsExactly("STarT Back: feels it is not safe for them to be active");
    }

    @Test
    void severalReasonsForTheSweetSpotGiveOneRecommendationWithAllOfThem() {
        Plan plan = plan("pain: {currentIntensity: 8, fearOfMovement: high}\n");

        assertThat(ids(plan)).filteredOn("movement-sweet-spot"::equals).hasSize(1);
        assertThat(recommendation(plan, "movement-sweet-spot").because()).containsExactly(
                "pain.fearOfMovement is high", "pain.currentIntensity is 8 (7 or more: a flare)");
    }

    @Test
    void painOfTwelveWeeksOrLessIsToldToStayActive() {
        Plan plan = plan("pain: {currentIntensity: 4, durationWeeks: 12}\n");

        assertThat(recommendation(plan, "movement-stay-active").because())
                .containsExactly("pain.durationWeeks is 12 (12 or less: acute or subacute)");
        assertThat(ids(plan)).doesNotContain("movement-exercise-programme");
    }

    @Test
    void painOfMoreThanTwelveWeeksIsOfferedAnExerciseProgramme() {
        Plan plan = plan("pain: {currentIntensity: 4, durationWeeks: 13}\n");

        assertThat(recommendation(plan, "movement-exercise-programme").because())
                .containsExactly("pain.durationWeeks is 13 (over 12: chronic)");
        assertThat(ids(plan)).doesNotContain("movement-stay-active");
    }

    @Test
    void twoOrMoreFlaresAYearCallForAFlarePlan() {
        assertThat(recommendation(plan("pain: {currentIntensity: 2, flaresLastYear: 2}\n"), "movement-flare-plan")
                .because()).containsExactly("pain.flaresLastYear is 2 (2 or more)");
        assertThat(ids(plan("pain: {currentIntensity: 2, flaresLastYear: 1}\n"))).doesNotContain("movement-flare-plan");
    }
}
