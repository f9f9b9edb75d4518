package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.ids;
import static org.backcare.Fixtures.plan;
import static org.backcare.Fixtures.recommendation;

import java.util.List;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.Finding;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Within;
import org.backcare.profile.WireName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenarios for {@code rules/safety.drl}: each red flag and combination of PROFILE.md's tables (versions 2 and 3) gives
 * its finding (what is suspected, the action and how soon), the most urgent finding sets triage, and safety advice
 * ranks first. The profile below has pain of 5 of 10 that has lasted 20 weeks, so that the version 3 rows that read
 * severe or new pain stay out of the table test; they have tests of their own.
 */
class SafetyRulesTest {
    /** Someone whose plan would be full of advice: in a flare, afraid to move, smoking, sitting all day. */
    private static final String EXERCISE_WORTHY = """
            sleep: {position: back, wakesWithStiffness: true}
            smoking: {status: current, readyToQuit: true}
            sitting: {hoursPerDay: 9, longestStretchMinutes: 120}
            diet: {addedSugarServingsPerDay: 4}
            activity: {activeMinutesPerWeek: 30, likes: [walking]}
            pain:
              currentIntensity: 5
              durationWeeks: 20
              flaresLastYear: 4
              fearOfMovement: high
              areas: [%s]
              redFlags: [%s]
              startBack: {legPain: true, shoulderOrNeckPain: false, walkOnlyShortDistances: true,
                dressedMoreSlowly: true, notSafeToBeActive: true, worryingThoughts: true,
                painTerribleNeverBetter: true, notEnjoyedThings: true, bothersomeness: extremely}
            """;

    private static Plan withFlags(String flags) {
        return plan(EXERCISE_WORTHY.formatted("lower-back", flags));
    }

    private static List<String> flagsOf(Finding finding) {
        return finding.flags().stream().map(org.backcare.profile.WarningSign::wire).toList();
    }

    @ParameterizedTest(name = "{0} -> {1} within {2}")
    @CsvSource(delimiter = '|', textBlock = """
            bladder-or-bowel-change                 | cauda equina syndrome or nerve root compression | now
            saddle-numbness                         | cauda equina syndrome or nerve root compression | now
            sciatica-both-legs                      | cauda equina syndrome or nerve root compression | now
            new-sexual-dysfunction                  | cauda equina syndrome or nerve root compression | now
            progressive-leg-weakness                | cauda equina syndrome or nerve root compression | now
            unsteady-walking                        | spinal cord compression                         | now
            recent-major-trauma                     | spinal fracture                                 | now
            history-of-cancer, progressive-leg-weakness | metastatic spinal cord compression          | now
            history-of-cancer, constant-night-pain  | metastatic spinal disease                       | 24-hours
            history-of-cancer, unexplained-weight-loss | cancer to rule out                           | 24-hours
            fever, iv-drug-use                      | spinal infection                                | 24-hours
            fever, immunosuppressed                 | spinal infection                                | 24-hours
            fever, recent-infection                 | spinal infection                                | 24-hours
            immunosuppressed, recent-infection      | spinal infection                                | 24-hours
            fever                                   | spinal infection to rule out                    | 24-hours
            history-of-cancer                       | serious pathology to rule out (cancer)          | 1-week
            unexplained-weight-loss                 | serious pathology to rule out                   | 1-week
            iv-drug-use                             | serious pathology to rule out (infection)       | 1-week
            immunosuppressed                        | serious pathology to rule out (infection)       | 1-week
            recent-infection                        | serious pathology to rule out (infection)       | 1-week
            constant-night-pain                     | serious pathology to rule out                   | 1-week
            osteoporosis-or-steroids                | fragility (vertebral) fracture                  | 1-week
            inflammatory-pattern                    | axial spondyloarthritis                         | routine
            """)
    void eachFlagAndCombinationGivesItsFindingWithAnActionAndATimeframe(String flags, String suspected,
            String within) {
        Plan plan = withFlags(flags);

        Finding finding = plan.triage().findings().get(0);
        assertThat(plan.triage().findings()).hasSize(1);
        assertThat(flagsOf(finding)).containsExactlyInAnyOrder(flags.split(", "));
        assertThat(finding.suspected()).isEqualTo(suspected);
        assertThat(WireName.of(finding.within())).isEqualTo(within);
        assertThat(finding.action()).isNotBlank();
        assertThat(plan.triage().level()).isEqualTo(finding.within().level());
        assertThat(plan.triage().reasons()).singleElement().asString().containsIgnoringCase(suspected);
        assertThat(plan.recommendations().get(0).category()).isEqualTo(Category.SAFETY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"upper-back", "neck"})
    void aHistoryOfCancerWithUpperBackOrNeckPainIsDiscussedWithin24Hours(String area) {
        Plan plan = plan(EXERCISE_WORTHY.formatted(area, "history-of-cancer"));

        assertThat(plan.triage().findings()).singleElement().satisfies(finding -> {
            assertThat(finding.suspected()).isEqualTo("metastatic spinal disease");
            assertThat(finding.within()).isEqualTo(Within.HOURS_24);
        });
        assertThat(plan.triage().level()).isEqualTo(TriageLevel.URGENT);
        assertThat(plan.focus()).containsExactly("safety-speak-to-a-doctor-today");
        assertThat(recommendation(plan, "safety-speak-to-a-doctor-today").evidence()).contains("nice-ng234");
    }

    @Test
    void theCaudaEquinaSignsMakeOneFindingWithEveryFlag() {
        Plan plan = withFlags("saddle-numbness, bladder-or-bowel-change, sciatica-both-legs");

        assertThat(plan.triage().findings()).singleElement()
                .satisfies(finding -> assertThat(flagsOf(finding)).containsExactly("bladder-or-bowel-change",
                        "saddle-numbness", "sciatica-both-legs"));
        assertThat(recommendation(plan, "safety-seek-urgent-care").because()).containsExactly(
                "pain.redFlags includes bladder-or-bowel-change, saddle-numbness, sciatica-both-legs");
    }

    @Test
    void findingsComeMostUrgentFirstAndTheMostUrgentSetsTheSafetyAdvice() {
        Plan plan = withFlags("inflammatory-pattern, osteoporosis-or-steroids, fever, recent-infection,"
                + " unsteady-walking");

        assertThat(plan.triage().findings()).extracting(Finding::within)
                .containsExactly(Within.NOW, Within.HOURS_24, Within.WEEK_1, Within.ROUTINE);
        assertThat(plan.triage().reasons()).hasSize(4);
        assertThat(plan.triage().level()).isEqualTo(TriageLevel.URGENT);
        assertThat(ids(plan)).startsWith("safety-seek-urgent-care").doesNotContain("safety-see-clinician-soon",
                "safety-speak-to-a-doctor-today", "safety-ask-for-a-referral");
    }

    @ParameterizedTest
    @ValueSource(strings = {"saddle-numbness", "unsteady-walking", "recent-major-trauma", "fever, iv-drug-use",
        "history-of-cancer, constant-night-pain"})
    void anUrgentPlanHoldsOnlySafetyAndEducationAndNoWeek(String flags) {
        Plan plan = withFlags(flags);

        assertThat(plan.triage().level()).isEqualTo(TriageLevel.URGENT);
        assertThat(plan.weeklyPlan()).isNull();
        assertThat(plan.recommendations()).extracting(r -> r.category())
                .isSubsetOf(Category.SAFETY, Category.EDUCATION);
        // no smoking, diet, sitting, sleep, exercise or psychosocial advice beside "seek care"
        assertThat(ids(plan)).noneMatch(id -> id.startsWith("smoking-") || id.startsWith("diet-")
                || id.startsWith("sitting-") || id.startsWith("sleep-"))
                .doesNotContain("education-physio-psychologically-informed", "education-hurt-is-not-harm");
        assertThat(plan.focus()).first().isEqualTo(plan.recommendations().get(0).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"history-of-cancer", "unexplained-weight-loss", "osteoporosis-or-steroids",
        "constant-night-pain", "iv-drug-use", "immunosuppressed", "recent-infection"})
    void aSeeClinicianFlagCapsIntensityHoldsTheDoseAndAttributesNothingToWorry(String flag) {
        Plan plan = withFlags(flag);

        assertThat(plan.triage().level()).isEqualTo(TriageLevel.SEE_CLINICIAN);
        assertThat(plan.recommendations().get(0).category()).isEqualTo(Category.SAFETY);
        assertThat(plan.weeklyPlan()).isNotNull();
        assertThat(plan.weeklyPlan().days()).flatExtracting(d -> d.activities())
                .allMatch(a -> a.intensity() == Intensity.GENTLE || a.intensity() == Intensity.LIGHT);
        // no step up from the 30 minutes a week the person does now
        assertThat(plan.weeklyPlan().days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != ActivityKind.MOBILITY && !a.activity().equals("balance-training"))
                .mapToInt(a -> a.minutes()).sum()).isLessThanOrEqualTo(30);
        assertThat(plan(EXERCISE_WORTHY.replace("currentIntensity: 5", "currentIntensity: 3").formatted("lower-back",
                flag))).satisfies(calmer -> assertThat(recommendation(calmer, "activity-this-week").because())
                .contains(calmer.triage().findings().get(0).suspected() + " suspected (within "
                        + WireName.of(calmer.triage().findings().get(0).within())
                        + "): no step up until assessed, 30 minutes this week"));
        // the cause is not yet known: no advice that explains pain by worry, mood or fear
        assertThat(ids(plan)).doesNotContain("education-physio-psychologically-informed",
                "education-hurt-is-not-harm", "education-back-pain-usually-improves");
        assertThat(plan.recommendations()).noneMatch(r -> r.advice().contains("worr"));
    }

    @Test
    void theInflammatoryPatternIsReferredRoutinelyWithoutCappingExerciseAndAttributesNothingToWorry() {
        // NICE NG65: exercise is part of the treatment of axial spondyloarthritis; the referral is routine (someone
        // active 100 minutes a week without fear of moving, so that nothing else keeps the week light)
        Plan plan = plan("""
                activity: {activeMinutesPerWeek: 100, likes: [walking, cycling]}
                pain: {currentIntensity: 3, durationWeeks: 30, areas: [lower-back], redFlags: [inflammatory-pattern]}
                """);

        assertThat(plan.triage().level()).isEqualTo(TriageLevel.SEE_CLINICIAN);
        assertThat(plan.recommendations().get(0).id()).isEqualTo("safety-ask-for-a-referral");
        assertThat(plan.weeklyPlan().days()).flatExtracting(d -> d.activities())
                .anyMatch(a -> a.intensity() == Intensity.MODERATE);
        assertThat(ids(plan)).doesNotContain("education-physio-psychologically-informed",
                "education-hurt-is-not-harm", "education-back-pain-usually-improves");
    }

    @Test
    void aFractureRiskLeavesOutSpineLoadingActivitiesAndFlexionAndTwisting() {
        Plan plan = plan("""
                age: 72
                pain: {currentIntensity: 4, redFlags: [osteoporosis-or-steroids]}
                activity: {activeMinutesPerWeek: 120, likes: [gardening, yoga, running, strength-training, walking]}
                """);

        assertThat(plan.weeklyPlan().days()).flatExtracting(d -> d.activities()).extracting(a -> a.activity())
                .doesNotContain("gardening", "yoga", "running", "strength-training").contains("walking");
        assertThat(plan.weeklyPlan().days()).flatExtracting(d -> d.activities()).flatExtracting(a -> a.exercises())
                .isNotEmpty()
                .noneMatch(e -> e.contains("twist") || e.contains("cat-cow") || e.contains("knees-to-chest")
                        || e.contains("roll-down") || e.contains("wood-chop") || e.contains("hip hinge"));
        assertThat(recommendation(plan, "movement-protect-your-spine").evidence())
                .contains("brooke-wavell-2022-osteoporosis-exercise");
        assertThat(recommendation(plan, "activity-this-week").because())
                .contains("gardening is left out to protect the spine: pain.redFlags includes osteoporosis-or-steroids");
    }

    @Test
    void withoutRedFlagsTriageIsSelfCareAndTheWarningSignsAreTaught() {
        Plan plan = withFlags("");

        assertThat(plan.triage().level()).isEqualTo(TriageLevel.SELF_CARE);
        assertThat(plan.triage().reasons()).isEmpty();
        assertThat(plan.triage().findings()).isEmpty();
        assertThat(plan.recommendations()).extracting(r -> r.category()).doesNotContain(Category.SAFETY);
        assertThat(recommendation(plan, "education-know-warning-signs").because())
                .containsExactly("pain.redFlags is empty");
    }

    @Test
    void whenPainWasNotAssessedTheWarningSignsRankHigher() {
        Plan unscreened = plan("sleep: {position: side}\n");
        Plan screened = plan("pain: {currentIntensity: 0, redFlags: []}\n");

        assertThat(recommendation(unscreened, "education-know-warning-signs").because())
                .containsExactly("pain was not assessed, so red flags were not screened");
        assertThat(recommendation(unscreened, "education-know-warning-signs").priority())
                .isGreaterThan(recommendation(screened, "education-know-warning-signs").priority());
        assertThat(unscreened.triage().level()).isEqualTo(TriageLevel.SELF_CARE);
    }

    /**
     * One message in an emergency (PROFILE.md, version 3), for every pair of red flags: in an urgent plan no finding
     * says "within a week"; with a finding for now, every other finding tells the person to tell the emergency team;
     * with one for today and none for now, every less urgent one to tell that doctor. And every flag reported with
     * back pain is behind a finding.
     */
    @Test
    void everyPairOfFlagsGivesOneMessageInAnEmergency() {
        List<String> flags = java.util.Arrays.stream(org.backcare.profile.RedFlag.values()).map(WireName::of).toList();
        int urgent = 0;
        for (int i = 0; i < flags.size(); i++) {
            for (int j = i; j < flags.size(); j++) {
                String pair = i == j ? flags.get(i) : flags.get(i) + ", " + flags.get(j);
                Plan plan = withFlags(pair);
                List<Finding> findings = plan.triage().findings();
                assertThat(findings.stream().flatMap(f -> f.flags().stream()).map(org.backcare.profile.WarningSign::wire)
                        .distinct().sorted().toList()).as(pair).isEqualTo(java.util.Arrays.stream(pair.split(", "))
                        .distinct().sorted().toList());
                if (plan.triage().level() != TriageLevel.URGENT) continue;
                urgent++;
                Within first = findings.get(0).within();
                for (Finding finding : findings) {
                    assertThat(finding.action()).as(pair).doesNotContainIgnoringCase("within a week");
                    if (finding.within() == first) continue;
                    assertThat(finding.action()).as(pair).startsWith(first == Within.NOW
                            ? "Tell the emergency team about this too" : "Tell the doctor you speak to today");
                }
            }
        }
        assertThat(urgent).as("urgent pairs").isGreaterThan(60);
    }
}
