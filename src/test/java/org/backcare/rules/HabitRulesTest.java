package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import java.util.List;
import org.backcare.plan.Plan;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenarios for the one-habit rule files: sitting, sleep, smoking, diet and hydration. */
class HabitRulesTest {

    /** The ids of a plan that start with {@code prefix}, best first. */
    private static List<String> idsStartingWith(Plan plan, String prefix) {
        return ids(plan).stream().filter(id -> id.startsWith(prefix)).toList();
    }

    @Nested
    class Sitting {
        @Test
        void anHourWithoutGettingUpCallsForTheNextPosition() {
            Plan plan = plan("sitting: {hoursPerDay: 5, longestStretchMinutes: 60}\n");
            assertThat(recommendation(plan, "sitting-next-position").because())
                    .containsExactly("sitting.longestStretchMinutes is 60 (60 or more)");
            assertThat(recommendation(plan, "sitting-next-position").title())
                    .isEqualTo("Your next position is your best position");
        }

        @Test
        void sixHoursSeatedCallsForTheNextPosition() {
            assertThat(recommendation(plan("sitting: {hoursPerDay: 6}\n"), "sitting-next-position").because())
                    .containsExactly("sitting.hoursPerDay is 6 (6 or more)");
        }

        @Test
        void shortSittingNeedsNoSittingAdvice() {
            assertThat(idsStartingWith(plan("sitting: {hoursPerDay: 5.5, longestStretchMinutes: 59,"
                    + " crossesLegs: alternating, usesFootrest: true}\n"), "sitting-")).isEmpty();
        }

        @Test
        void crossingTheSameLegIsToldToAlternate() {
            assertThat(idsStartingWith(plan("sitting: {crossesLegs: same-side}\n"), "sitting-"))
                    .containsExactly("sitting-alternate-leg-crossing");
            assertThat(ids(plan("sitting: {crossesLegs: no}\n"))).doesNotContain("sitting-alternate-leg-crossing");
        }

        @Test
        void sittingFourHoursWithoutAFootrestIsToldToTryAFootstool() {
            assertThat(recommendation(plan("sitting: {hoursPerDay: 4, usesFootrest: false}\n"), "sitting-try-footstool")
                    .because()).containsExactly("sitting.usesFootrest is false", "sitting.hoursPerDay is 4");
            assertThat(ids(plan("sitting: {hoursPerDay: 3, usesFootrest: false}\n")))
                    .doesNotContain("sitting-try-footstool");
            assertThat(ids(plan("sitting: {hoursPerDay: 8, usesFootrest: true}\n")))
                    .doesNotContain("sitting-try-footstool");
        }
    }

    @Nested
    class Sleep {
        @ParameterizedTest
        @CsvSource({"back, sleep-back-pillows", "side, sleep-side-pillows", "mixed, sleep-back-or-side-pillows",
            "stomach, sleep-move-off-stomach"})
        void eachPositionGetsItsOwnPillowAdviceOnly(String position, String advice) {
            Plan plan = plan("sleep: {position: %s, hoursPerNight: 8, wakesWithStiffness: false}\n"
                    .formatted(position));
            assertThat(idsStartingWith(plan, "sleep-")).containsExactly(advice);
            assertThat(recommendation(plan, advice).because()).containsExactly("sleep.position is " + position);
            assertThat(recommendation(plan, advice).evidence()).contains("cary-2019-sleep-posture");
        }

        @Test
        void stomachSleepingRanksAbovePillowTips() {
            assertThat(recommendation(plan("sleep: {position: stomach}\n"), "sleep-move-off-stomach").priority())
                    .isGreaterThan(recommendation(plan("sleep: {position: side}\n"), "sleep-side-pillows").priority());
        }

        @Test
        void wakingStiffIsEasedWithGentleMovement() {
            assertThat(recommendation(plan("sleep: {position: side, wakesWithStiffness: true}\n"),
                    "sleep-morning-stiffness").because())
                    .containsExactly("sleep.wakesWithStiffness is true", "sleep.position is side");
        }

        @Test
        void underSevenHoursIsToldToAimForSeven() {
            assertThat(recommendation(plan("sleep: {position: side, hoursPerNight: 6.9}\n"), "sleep-enough-hours")
                    .because()).containsExactly("sleep.hoursPerNight is 6.9 (under 7)");
            assertThat(ids(plan("sleep: {position: side, hoursPerNight: 7}\n"))).doesNotContain("sleep-enough-hours");
        }
    }

    @Nested
    class Smoking {
        @Test
        void aSmokerReadyToQuitGetsSupportToCutBack() {
            Plan plan = plan("smoking: {status: current, cigarettesPerDay: 12, readyToQuit: true}\n");

            assertThat(idsStartingWith(plan, "smoking-")).containsExactly("smoking-cut-back-support");
            assertThat(recommendation(plan, "smoking-cut-back-support").because()).containsExactly(
                    "smoking.status is current", "smoking.readyToQuit is true", "smoking.cigarettesPerDay is 12");
            assertThat(recommendation(plan, "smoking-cut-back-support").advice())
                    .contains("nearly three times as likely");
            assertThat(recommendation(plan, "smoking-cut-back-support").evidence())
                    .contains("green-2016-smoking-back-pain");
        }

        @Test
        void aSmokerNotReadyIsInvitedToTalkAboutIt() {
            assertThat(recommendation(plan("smoking: {status: current, readyToQuit: false}\n"),
                    "smoking-talk-about-cutting-back").because())
                    .containsExactly("smoking.status is current", "smoking.readyToQuit is false");
            assertThat(recommendation(plan("smoking: {status: current}\n"), "smoking-talk-about-cutting-back")
                    .because()).containsExactly("smoking.status is current", "smoking.readyToQuit was not given");
        }

        @Test
        void neverAndFormerSmokersGetNoSmokingAdvice() {
            assertThat(idsStartingWith(plan("smoking: {status: never}\n"), "smoking-")).isEmpty();
            assertThat(idsStartingWith(plan("smoking: {status: former, readyToQuit: true}\n"), "smoking-")).isEmpty();
        }
    }

    @Nested
    class Diet {
        @Test
        void sugarAndProcessedFoodCallForFewerInflammatoryFoods() {
            Plan plan = plan("diet: {addedSugarServingsPerDay: 2, processedMealsPerWeek: 3}\n");

            assertThat(recommendation(plan, "diet-fewer-inflammatory-foods").because()).containsExactly(
                    "diet.addedSugarServingsPerDay is 2 (2 or more)", "diet.processedMealsPerWeek is 3 (3 or more)");
            assertThat(recommendation(plan, "diet-fewer-inflammatory-foods").evidence())
                    .contains("strath-2022-dietary-inflammation");
        }

        @Test
        void fewFruitsGrainsAndFishCallForMoreOfThem() {
            Plan plan = plan("diet: {fruitVegServingsPerDay: 4, wholeGrainServingsPerDay: 2,"
                    + " fattyFishServingsPerWeek: 0}\n");

            assertThat(recommendation(plan, "diet-more-anti-inflammatory-foods").because()).containsExactly(
                    "diet.fruitVegServingsPerDay is 4 (under 5)", "diet.wholeGrainServingsPerDay is 2 (under 3)",
                    "diet.fattyFishServingsPerWeek is 0");
        }

        @Test
        void aGoodDietGetsNoDietAdvice() {
            assertThat(idsStartingWith(plan("diet: {addedSugarServingsPerDay: 1, processedMealsPerWeek: 2,"
                    + " fruitVegServingsPerDay: 5, wholeGrainServingsPerDay: 3, fattyFishServingsPerWeek: 1}\n"),
                    "diet-")).isEmpty();
        }
    }

    @Nested
    class Hydration {
        @Test
        void underSixCupsCallsForDrinkingEnough() {
            assertThat(recommendation(plan("hydration: {waterCupsPerDay: 5.5}\n"), "hydration-drink-enough")
                    .because()).containsExactly("hydration.waterCupsPerDay is 5.5 (under 6)");
        }

        @Test
        void drinkingMostlyInTheEveningCallsForDrinkingEarlier() {
            assertThat(idsStartingWith(plan("hydration: {waterCupsPerDay: 8, mostlyInEvening: true}\n"),
                    "hydration-")).containsExactly("hydration-earlier-in-day");
        }

        @Test
        void someoneDrinkingEnoughEarlyGetsNoHydrationAdvice() {
            assertThat(idsStartingWith(plan("hydration: {waterCupsPerDay: 6, mostlyInEvening: false}\n"),
                    "hydration-")).isEmpty();
        }
    }
}
