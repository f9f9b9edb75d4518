package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;

/**
 * Coverage-guided fuzzing of reading, validating and planning: whatever the bytes, the only outcomes allowed are a
 * plan that keeps the plan format's promises, or the documented validation error. Any other exception, a hang or a
 * broken promise is a finding.
 *
 * <p>In the normal test suite this replays the inputs in {@code src/test/resources/org/backcare/ProfileFuzzTestInputs}
 * (seeds, and the regression inputs of past findings); {@code .ci/run} then fuzzes for {@code maxDuration} with
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ProfileFuzzTest}. {@code bench/fuzz N} fuzzes N such rounds in a row, each
 * continuing from the corpus the last one grew ({@code .cifuzz-corpus/}, not committed). A finding is written to the
 * inputs directory above: keep it there as a regression input once fixed.
 */
class ProfileFuzzTest {
    private static final ProfileReader READER = new ProfileReader();
    private static final PlanWriter WRITER = new PlanWriter();

    @FuzzTest(maxDuration = "30s")
    void readingAndPlanningEndInAPlanOrAValidationError(byte[] input) {
        for (ProfileReader.Format format : ProfileReader.Format.values()) {
            Profile profile;
            try {
                profile = READER.parse("fuzz." + format.name().toLowerCase(), input, format);
            } catch (InvalidProfileException expected) {
                assertThat(expected.problems()).isNotEmpty()
                        .allMatch(problem -> !problem.message().isBlank() && problem.message().length() < 400);
                continue;
            }
            Plan plan = Fixtures.planner().plan(profile);
            PlanContract.check(profile, plan);
            assertThat(WRITER.toJson(plan)).startsWith("{");
        }
    }
}
