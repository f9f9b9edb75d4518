package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.backcare.rules.facts.PlainWords;
import org.junit.jupiter.api.Test;

/** A recommendation's reasons put in plain words for the person: what {@code why} says for a given {@code because}. */
class PlainWordsTest {

    @Test
    void aFlareIsSaidWithTheScaleAndHowFarAboveUsual() {
        assertThat(PlainWords.why(List.of("pain.currentIntensity is 6, 2 or more above pain.usualIntensity is 2: a flare")))
                .isEqualTo("Your pain today is 6 out of 10, 4 more than your usual 2: a flare.");
    }

    @Test
    void thresholdsInBracketsAreForCliniciansAndLeftOut() {
        assertThat(PlainWords.why(List.of("sleep.hoursPerNight is 5.5 (under 7)",
                "sitting.longestStretchMinutes is 123 (60 or more)")))
                .isEqualTo("You sleep about 5.5 hours a night; you sit for up to 123 minutes at a time.");
    }

    @Test
    void enumValuesAndListsReadAsWords() {
        assertThat(PlainWords.why(List.of("sleep.position is side", "activity.likes is water-aerobics, tai-chi, walking",
                "pain.redFlags includes iv-drug-use")))
                .isEqualTo("You sleep on your side; you enjoy water aerobics, tai chi and walking;"
                        + " you reported injecting drug use.");
    }

    @Test
    void aValueNotGivenSaysWhatWasNotAsked() {
        assertThat(PlainWords.why(List.of("pain.redFlags was not given: red flags were not screened")))
                .isEqualTo("You were not asked about the warning signs: red flags were not screened.");
        assertThat(PlainWords.why(List.of("program.lastWeek does not report completedMinutes and effort: no step up")))
                .isEqualTo("Last week's feedback left out the minutes you did and how hard it felt: no step up.");
    }

    @Test
    void reasonsAboutOneFactAreSaidTogetherAndActivitiesThatWaitInASecondSentence() {
        assertThat(PlainWords.why(List.of("pain.currentIntensity is 7 (7 or more): light at most",
                "running (high impact) waits while pain.currentIntensity is 7 (7 or more)",
                "pain.currentIntensity is 7 (5 or more): a day of rest this week",
                "yoga (bending, lifting or twisting) waits while pain.currentIntensity is 7 (7 or more)")))
                .isEqualTo("Your pain today is 7 out of 10: light at most and a day of rest this week."
                        + " Running and yoga wait for now, while your pain is high.");
    }

    @Test
    void activitiesHeldBackAreNamedWithTheirOwnReason() {
        assertThat(PlainWords.why(List.of("sleep.position is side",
                "hiking needs sessions of 30 minutes or more, and this week's are shorter (activity.minutesPerSession is 25)",
                "running is left out to protect the spine: pain.redFlags includes osteoporosis-or-steroids",
                "yoga waits until a clinician has assessed the spine: fragility (vertebral) fracture suspected")))
                .isEqualTo("You sleep on your side. Hiking needs longer sessions than you have this week; running stays"
                        + " out of your plan to protect your spine; yoga waits until a doctor has checked your spine.");
    }

    @Test
    void painScoresInARulesOwnWordsGetTheirScaleAndAFieldWithoutWordsIsNeverShownAsAPath() {
        assertThat(PlainWords.why(List.of("activity.activeMinutesPerWeek is 203 (150 or more) with pain under 4: up"
                + " to vigorous", "activity.minutesPerSession is not known: a cautious week")))
                .isEqualTo("You are active for about 203 minutes a week with pain under 4 out of 10: up to vigorous;"
                        + " minutes per session was not given: a cautious week.");
        assertThat(PlainWords.why(List.of("sleep.position has 3 days", "pain.currentIntensity is 123456789012, 2 or more"
                + " above pain.usualIntensity is 3"))).doesNotContain("sleep.position", "pain.currentIntensity");
    }

    @Test
    void aFindingsOwnReasonsAreNotRepeatedInEachConsequence() {
        assertThat(PlainWords.why(List.of("fragility (vertebral) fracture suspected: age is 83 (70 or more);"
                + " pain.durationWeeks is 2 (6 or less: new pain); pain.areas includes upper-back:"
                + " no exercise twists the spine")))
                .isEqualTo("Fragility (vertebral) fracture suspected: no exercise twists the spine.");
    }

    @Test
    void moreThanThreeReasonsLeaveTheRestCountedForTheFullPlan() {
        assertThat(PlainWords.why(List.of("age is 70 (65 or over): balance", "smoking.status is current",
                "sleep.position is back", "hydration.mostlyInEvening is true", "sitting.usesFootrest is false")))
                .isEqualTo("You are 70 years old: balance; you smoke; you sleep on your back."
                        + " The full plan lists 2 more reasons.");
    }

    @Test
    void noneAndOneReadAsPeopleSayThem() {
        assertThat(PlainWords.why(List.of("diet.fruitVegServingsPerDay is 0 (under 5)",
                "program.lastWeek.completedMinutes is 0 of 30 planned (0%): under 50%",
                "diet.wholeGrainServingsPerDay is 1 (under 3)")))
                .isEqualTo("You eat no servings of fruit and vegetables a day; last week you did no minutes of 30"
                        + " planned (0%): under 50%; you eat about 1 serving of whole grains a day.");
    }
}
