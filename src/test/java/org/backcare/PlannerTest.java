package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backcare.Fixtures.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RuleReasons;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.junit.jupiter.api.Test;

/** The planner facade: ranking, the plan's fixed parts, determinism and concurrent use. */
class PlannerTest {
    private final PlanWriter writer = new PlanWriter();

    static List<Profile> exampleProfiles() throws Exception {
        ProfileReader reader = new ProfileReader();
        List<Profile> profiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("profiles"))) {
            for (Path file : files.sorted().toList()) profiles.add(reader.read(file));
        }
        return profiles;
    }

    @Test
    void ranksRunFromOneWithoutGapsAndPrioritiesNeverIncrease() throws Exception {
        for (Profile profile : exampleProfiles()) {
            List<Recommendation> ranked = Fixtures.planner().plan(profile).recommendations();
            for (int i = 0; i < ranked.size(); i++) {
                assertThat(ranked.get(i).rank()).as(profile.id()).isEqualTo(i + 1);
                if (i > 0) assertThat(ranked.get(i).priority()).isLessThanOrEqualTo(ranked.get(i - 1).priority());
            }
            assertThat(ranked).extracting(Recommendation::id).as(profile.id()).doesNotHaveDuplicates();
        }
    }

    @Test
    void equalPrioritiesAreOrderedByAdviceId() {
        Plan plan = plan("""
                sleep: {position: back}
                activity: {activeMinutesPerWeek: 200}
                diet: {fruitVegServingsPerDay: 1}
                hydration: {waterCupsPerDay: 2}
                """);
        List<Recommendation> ranked = plan.recommendations();
        for (int i = 1; i < ranked.size(); i++) {
            if (ranked.get(i).priority() == ranked.get(i - 1).priority()) {
                assertThat(ranked.get(i).id()).isGreaterThan(ranked.get(i - 1).id());
            }
        }
    }

    @Test
    void everyRecommendationIsExplained() throws Exception {
        for (Profile profile : exampleProfiles()) {
            for (Recommendation r : Fixtures.planner().plan(profile).recommendations()) {
                assertThat(r.because()).as("%s %s", profile.id(), r.id()).isNotEmpty().allMatch(s -> !s.isBlank());
                assertThat(r.evidence()).as("%s %s", profile.id(), r.id()).isNotEmpty();
                assertThat(r.rule()).as("%s %s", profile.id(), r.id())
                        .isIn(Fixtures.planner().rules().rules().stream().map(rule -> rule.name()).toList());
                assertThat(r.title()).isNotBlank();
                assertThat(r.advice()).isNotBlank();
            }
        }
    }

    @Test
    void thePlanCarriesTheRulesVersionTheDisclaimerAndWhatWasNotAssessed() {
        Plan plan = plan("id: someone\nsleep: {position: side}\nactivity: {likes: [walking]}\n");

        assertThat(plan.profileId()).isEqualTo("someone");
        assertThat(plan.rulesVersion()).isEqualTo(Fixtures.planner().rulesVersion());
        assertThat(plan.disclaimer()).startsWith("Educational information, not medical advice.");
        assertThat(plan.notAssessed()).containsExactly("smoking", "sitting", "diet", "hydration", "pain");
    }

    @Test
    void everyDayStartsWithTheGentleSpineMobilityRoutine() {
        Plan plan = plan("activity: {minutesPerSession: 5, availableDays: [monday]}\n");

        assertThat(plan.weeklyPlan().days()).extracting(d -> d.day().name()).containsExactly(
                "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
        for (DayPlan day : plan.weeklyPlan().days()) {
            assertThat(day.activities().get(0)).satisfies(a -> {
                assertThat(a.activity()).isEqualTo("spine-mobility");
                assertThat(a.intensity()).isEqualTo(Intensity.GENTLE);
                assertThat(a.minutes()).isEqualTo(5); // never longer than the person's session
            });
        }
    }

    @Test
    void theSameProfileGivesByteIdenticalJsonFromSeparatePlanners() throws Exception {
        Planner other = Planner.builtIn();
        for (Profile profile : exampleProfiles()) {
            String first = writer.toJson(Fixtures.planner().plan(profile));
            String again = writer.toJson(Fixtures.planner().plan(profile));
            String fromOther = writer.toJson(other.plan(profile));
            assertThat(again).isEqualTo(first);
            assertThat(fromOther).isEqualTo(first);
        }
    }

    @Test
    void everyRuleBehindARecommendationIsListedWithTheReasonsItGave() throws Exception {
        List<Profile> profiles = new ArrayList<>(exampleProfiles());
        org.backcare.generate.ProfileGenerator generator = new org.backcare.generate.ProfileGenerator(5);
        for (int i = 0; i < 300; i++) profiles.add(generator.profile(i));
        int several = 0;
        for (Profile profile : profiles) {
            for (Recommendation r : Fixtures.planner().plan(profile).eachRecommendation()) {
                // one rule: rule and because say it; several: the first is the recommendation's rule, every rule's
                // reasons are among its reasons, and every reason but the week's summary (the planner's, from the
                // schedule) comes from some rule
                if (r.rules().isEmpty()) continue;
                assertThat(r.rules()).as("%s: %s", profile.id(), r.id()).hasSizeGreaterThan(1);
                assertThat(r.rules().get(0).rule()).isEqualTo(r.rule());
                List<String> given = r.rules().stream().flatMap(rule -> rule.because().stream()).toList();
                assertThat(r.because()).as("%s: %s", profile.id(), r.id()).containsAll(given);
                assertThat(r.because().stream().filter(reason -> !given.contains(reason)).count()).isLessThanOrEqualTo(
                        r.id().equals(Planner.WEEK_ADVICE) ? 1 : 0);
                assertThat(r.rules().stream().map(RuleReasons::rule).distinct()).hasSameSizeAs(r.rules());
                several++;
            }
        }
        assertThat(several).isGreaterThan(100);
    }

    @Test
    void theReadablePlanNamesEachRuleBehindARecommendationWithItsReasons() throws Exception {
        Profile tom = new ProfileReader().read(Path.of("profiles/tom-retired-gardener.json"));
        Plan plan = Fixtures.planner().plan(tom);
        Recommendation week = plan.recommendations().stream().filter(r -> r.id().equals(Planner.WEEK_ADVICE))
                .findFirst().orElseThrow();

        String text = new org.backcare.report.PlanText(Fixtures.planner().rules()).render(plan).replaceAll("\\s+", " ");

        assertThat(week.rules()).hasSizeGreaterThan(1);
        for (RuleReasons rule : week.rules()) {
            assertThat(text).contains("Rule: " + rule.rule() + " (" + String.join("; ", rule.because()) + ")");
        }
    }

    @Test
    void theJsonMatchesTheCommittedGoldenPlan() throws IOException, Exception {
        // A change to the rules, the advice text or the JSON layout shows up here as a diff to review and commit.
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        String expected = Files.readString(Path.of("src/test/resources/golden/maria-desk-worker.plan.json"))
                .replace("RULES_VERSION", Fixtures.planner().rulesVersion()).strip();
        assertThat(writer.toJson(Fixtures.planner().plan(maria))).isEqualTo(expected);
    }

    @Test
    void manyThreadsSharingOnePlannerGetWhatOneThreadGets() throws Exception {
        List<Profile> profiles = new ArrayList<>(exampleProfiles());
        org.backcare.generate.ProfileGenerator generator = new org.backcare.generate.ProfileGenerator(77);
        for (int i = 0; i < 300; i++) profiles.add(generator.profile(i));
        List<String> expected = new ArrayList<>();
        for (Profile profile : profiles) expected.add(writer.toJson(Fixtures.planner().plan(profile)));

        int threads = 8;
        int rounds = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                Callable<List<String>> task = () -> {
                    List<String> out = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        for (int i = 0; i < profiles.size(); i++) {
                            int index = (i + offset + round) % profiles.size();
                            out.add(index + "\n" + writer.toJson(Fixtures.planner().plan(profiles.get(index))));
                        }
                    }
                    return out;
                };
                results.add(pool.submit(task));
            }
            for (Future<List<String>> result : results) {
                for (String entry : result.get()) {
                    int index = Integer.parseInt(entry.substring(0, entry.indexOf('\n')));
                    assertThat(entry.substring(entry.indexOf('\n') + 1)).isEqualTo(expected.get(index));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
