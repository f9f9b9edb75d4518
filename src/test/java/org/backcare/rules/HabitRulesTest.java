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
            assertThat(recommendation(plan, "sitting-change-position").because())
                    .containsExactly("sitting.longestStretchMinutes is 60 (60 or more)");
            assertThat(recommendation(plan, "sitting-change-position").title())
                    .isEqualTo("Your next position is your best position");
        }

        @Test
        void sixHoursSeatedCallsForTheNextPosition() {
            assertThat(recommendation(plan("sitting: {hoursPerDay: 6}\n"), "sitting-change-position").because())
                    .containsExactly("sitting.hoursPerDay is 6 (6 or more)");
        }

        @Test
        void shortSittingNeedsNoSittingAdvice() {
            assertThat(idsStartingWith(plan("sitting: {hoursPerDay: 5.5, longestStretchMinutes: 59,"
                    + " crossesLegs: alternating, usesFootrest: true}\n"), "sitting-")).isEmpty();
        }

        @Test
        void crossingTheSameLegIsToldToAlternate() {
            assertThat(recommendation(plan("sitting: {crossesLegs: same-side}\n"), "sitting-change-position").because())
                    .containsExactly("sitting.crossesLegs is same-side: switch which leg is on top");
            assertThat(idsStartingWith(plan("sitting: {crossesLegs: no}\n"), "sitting-")).isEmpty();
        }

        @Test
        void sittingFourHoursWithoutAFootrestIsToldToTryAFootstool() {
            assertThat(recommendation(plan("sitting: {hoursPerDay: 4, usesFootrest: false}\n"),
                    "sitting-change-position").because()).containsExactly("sitting.usesFootrest is false: try a footstool");
            assertThat(idsStartingWith(plan("sitting: {hoursPerDay: 3, usesFootrest: false}\n"), "sitting-")).isEmpty();
            assertThat(idsStartingWith(plan("sitting: {hoursPerDay: 5, usesFootrest: true}\n"), "sitting-")).isEmpty();
        }

        @Test
        void everySittingHabitGoesIntoOneRecommendation() {
            Plan plan = plan("sitting: {hoursPerDay: 9, longestStretchMinutes: 120, crossesLegs: same-side,"
                    + " usesFootrest: false}\n");
            assertThat(idsStartingWith(plan, "sitting-")).containsExactly("sitting-change-position");
            assertThat(recommendation(plan, "sitting-change-position").because()).hasSize(4);
        }
    }

    @Nested
    class Sleep {
        @ParameterizedTest
        @CsvSource({"back, sleep-back-pillows, osu-2018-sleep-positions",
            "side, sleep-side-pillows, cary-2019-sleep-posture",
            "mixed, sleep-back-or-side-pillows, cary-2019-sleep-posture",
            "stomach, sleep-try-back-or-side, osu-2018-sleep-positions"})
        void eachPositionGetsItsOwnPillowAdviceOnly(String position, String advice, String source) {
            Plan plan = plan("sleep: {position: %s, hoursPerNight: 8, wakesWithStiffness: false}\n"
                    .formatted(position));
            assertThat(idsStartingWith(plan, "sleep-")).containsExactly(advice);
            assertThat(recommendation(plan, advice).because()).containsExactly("sleep.position is " + position);
            assertThat(recommendation(plan, advice).evidence()).contains("hinge-2023-healthy-spine", source);
        }

        @Test
        void stomachSleepingIsNotWrongButWakingStiffMakesBackOrSideWorthATry() {
            Plan comfortable = plan("sleep: {position: stomach}\n");
            Plan stiff = plan("sleep: {position: stomach, wakesWithStiffness: true}\n");
            assertThat(recommendation(comfortable, "sleep-try-back-or-side").advice())
                    .contains("no need to change a position that lets you sleep well");
            assertThat(recommendation(stiff, "sleep-try-back-or-side").priority())
                    .isGreaterThan(recommendation(comfortable, "sleep-try-back-or-side").priority());
        }

        @Test
        void wakingStiffIsEasedWithTheMobilityRoutineInTheMorning() {
            assertThat(recommendation(plan("sleep: {position: side, wakesWithStiffness: true}\n"),
                    "movement-daily-spine-mobility").because())
                    .contains("sleep.wakesWithStiffness is true: start the day with the routine");
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
                    .contains("about 1.6 times as likely").doesNotContain("three times");
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
        void fewFruitsGrainsAndFishCallForMoreWholeFoodsInTheSameRecommendation() {
            Plan plan = plan("diet: {fruitVegServingsPerDay: 4, wholeGrainServingsPerDay: 2,"
                    + " fattyFishServingsPerWeek: 0}\n");

            assertThat(recommendation(plan, "diet-fewer-inflammatory-foods").because()).containsExactly(
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
            assertThat(recommendation(plan("hydration: {waterCupsPerDay: 5.5}\n"), "hydration-drink-enough-earlier")
                    .because()).containsExactly("hydration.waterCupsPerDay is 5.5 (under 6)");
        }

        @Test
        void drinkingMostlyInTheEveningCallsForDrinkingEarlier() {
            assertThat(idsStartingWith(plan("hydration: {waterCupsPerDay: 8, mostlyInEvening: true}\n"),
                    "hydration-")).containsExactly("hydration-drink-enough-earlier");
        }

        @Test
        void someoneDrinkingEnoughEarlyGetsNoHydrationAdvice() {
            assertThat(idsStartingWith(plan("hydration: {waterCupsPerDay: 6, mostlyInEvening: false}\n"),
                    "hydration-")).isEmpty();
        }
    }
}
