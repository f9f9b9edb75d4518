package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import org.backcare.plan.Plan;
import org.backcare.plan.RiskGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenarios for {@code rules/start-back.drl}: the risk group exactly as PROFILE.md scores it, and its advice. */
class StartBackRulesTest {

    /** A profile whose STarT Back answers are the first {@code physical} of items 1-4 and {@code psychosocial}. */
    private static Plan screened(int physical, boolean[] psychosocial, String bothersomeness, String redFlags) {
        boolean[] items = new boolean[8];
        for (int i = 0; i < physical; i++) items[i] = true;
        System.arraycopy(psychosocial, 0, items, 4, 4);
        return plan("""
                pain:
                  currentIntensity: 4
                  redFlags: [%s]
                  startBack:
                    legPain: %b
                    shoulderOrNeckPain: %b
                    walkOnlyShortDistances: %b
                    dressedMoreSlowly: %b
                    notSafeToBeActive: %b
                    worryingThoughts: %b
                    painTerribleNeverBetter: %b
                    notEnjoyedThings: %b
                    bothersomeness: %s
                """.formatted(redFlags, items[0], items[1], items[2], items[3], items[4], items[5], items[6],
                items[7], bothersomeness));
    }

    private static boolean[] firstOf4(int n) {
        boolean[] answers = new boolean[4];
        for (int i = 0; i < n; i++) answers[i] = true;
        return answers;
    }

    @ParameterizedTest(name = "{0} physical + {1} psychosocial, bothersomeness {2} -> {3}")
    @CsvSource({
        // total 0-3 is low, whatever the mix
        "0, 0, not-at-all, LOW",
        "3, 0, slightly,   LOW",
        "0, 3, moderately, LOW",
        "2, 0, very-much,  LOW",     // bothersomeness very-much scores 1: total 3
        // total 4: medium when the subscale is 3 or less
        "4, 0, moderately, MEDIUM",
        "1, 3, slightly,   MEDIUM",  // subscale exactly 3
        "1, 2, extremely,  MEDIUM",  // extremely scores 1: subscale 3, total 4
        // subscale 4 or more: high, whatever the total
        "0, 4, moderately, HIGH",
        "0, 3, very-much,  HIGH",
        "4, 4, extremely,  HIGH",
    })
    void theRiskGroupFollowsTheScoring(int physical, int psychosocial, String bothersomeness, RiskGroup expected) {
        Plan plan = screened(physical, firstOf4(psychosocial), bothersomeness, "");
        assertThat(plan.riskGroup()).isEqualTo(expected);
    }

    @Test
    void highRiskIsReferredForPsychologicallyInformedPhysicalTherapy() {
        Plan plan = screened(1, firstOf4(4), "slightly", "");

        assertThat(recommendation(plan, "education-physio-psychologically-informed").because()).containsExactly(
                "STarT Back psychosocial subscale is 4 of 5 (4 or more: high risk)", "STarT Back total is 5 of 9");
        assertThat(recommendation(plan, "education-physio-psychologically-informed").evidence())
                .contains("nice-ng59", "hill-2008-start-back");
        assertThat(ids(plan)).doesNotContain("education-physio-guided-exercise",
                "education-back-pain-usually-improves");
    }

    @Test
    void mediumRiskIsOfferedGuidedExercise() {
        Plan plan = screened(4, firstOf4(0), "slightly", "");

        assertThat(recommendation(plan, "education-physio-guided-exercise").because()).containsExactly(
                "STarT Back total is 4 of 9 (4 or more: medium risk)",
                "STarT Back psychosocial subscale is 0 of 5 (3 or less)");
        assertThat(ids(plan)).doesNotContain("education-physio-psychologically-informed",
                "education-back-pain-usually-improves");
    }

    @Test
    void lowRiskIsReassured() {
        Plan plan = screened(1, firstOf4(0), "slightly", "");

        assertThat(recommendation(plan, "education-back-pain-usually-improves").because())
                .contains("STarT Back total is 1 of 9 (3 or less: low risk)");
    }

    @Test
    void lowRiskWithARedFlagIsNotReassured() {
        Plan plan = screened(1, firstOf4(0), "slightly", "fever");

        assertThat(plan.riskGroup()).isEqualTo(RiskGroup.LOW);
        assertThat(ids(plan)).doesNotContain("education-back-pain-usually-improves");
    }

    @Test
    void withoutTheScreeningThereIsNoRiskGroupAndNoStartBackAdvice() {
        Plan plan = plan("pain: {currentIntensity: 6, fearOfMovement: high}\n");

        assertThat(plan.riskGroup()).isNull();
        assertThat(ids(plan)).noneMatch(id -> id.startsWith("education-physio") || id.endsWith("usually-improves"));
    }
}
