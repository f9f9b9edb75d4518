package org.backcare.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.backcare.Fixtures;
import org.backcare.rules.RuleInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The clinicians' scenarios in {@code rules/scenarios/} pass, and cover every rule file and every advice. */
class ScenarioFilesTest {
    private static final Path SCENARIOS = Path.of("rules/scenarios");

    static List<Scenario> scenarios() throws ScenarioException {
        return new ScenarioReader().read(List.of(SCENARIOS));
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() throws ScenarioException {
        ScenarioRunner runner = new ScenarioRunner(Fixtures.planner());
        return scenarios().stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(),
                () -> assertThat(runner.differences(scenario)).as(scenario.source()).isEmpty()));
    }

    @Test
    void everyRuleFileHasAScenarioFile() throws IOException {
        Set<String> ruleFiles = Fixtures.planner().rules().rules().stream().map(RuleInfo::file)
                .map(file -> file.replace(".drl", ".yaml")).collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsAll(ruleFiles);
        }
    }

    @Test
    void everyAdviceIsExpectedBySomeScenario() throws ScenarioException {
        Set<String> expected = scenarios().stream().flatMap(s -> Stream.concat(s.present().stream(),
                s.atMostRank().keySet().stream())).collect(Collectors.toSet());
        assertThat(expected).containsAll(Fixtures.planner().rules().advice().keySet());
    }

    @Test
    void aFailingScenarioSaysWhatDiffered(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("wrong.yaml"), """
                scenarios:
                  - name: A never-smoker wrongly expected to get smoking support
                    profile: {smoking: {status: never}, pain: {currentIntensity: 2, redFlags: []}}
                    expect:
                      present: [smoking-cut-back-support]
                      triage: urgent
                      riskGroup: high
                      weeklyPlan: {none: true}
                """);
        Scenario scenario = new ScenarioReader().read(List.of(file)).get(0);

        assertThat(new ScenarioRunner(Fixtures.planner()).differences(scenario)).containsExactly(
                "expected smoking-cut-back-support, but the plan does not have it; it has [activity-this-week,"
                        + " movement-daily-spine-mobility, education-know-warning-signs, movement-sweet-spot]",
                "expected triage urgent, but it is self-care",
                "expected risk group high, but it is none",
                "expected no weekly plan, but there is one");
    }

    @Test
    void aScenarioWhosePlanningHangsFailsAtTheTimeLimitAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "", Fixtures.WAIT_FOR_EVER);
        Path file = Files.writeString(dir.resolve("any.yaml"), """
                scenarios:
                  - name: Any profile
                    profile: {pain: {currentIntensity: 2}}
                    expect: {triage: self-care}
                """);
        Scenario scenario = new ScenarioReader().read(List.of(file)).get(0);
        ScenarioRunner runner = new ScenarioRunner(org.backcare.Planner.fromDirectory(rules), Duration.ofMillis(300));

        assertThat(runner.differences(scenario)).containsExactly("planning took longer than 0.3 s and was stopped:"
                + " an action of the rules may loop or wait (see --time-limit)");
    }

    @Test
    void aBrokenScenarioFileIsReportedWithEveryProblem(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.yaml"), """
                scenarios:
                  - name: broken
                    profile: {smoking: {status: sometimes}}
                    expect: {triage: maybe, colour: red}
                """);

        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> new ScenarioReader().read(List.of(file)));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                file + ": scenarios[0] (broken).profile: smoking.status: expected one of never, former, current,"
                        + " got \"sometimes\"",
                file + ": scenarios[0] (broken).expect.colour: unknown field; expected one of absent, atMostRank,"
                        + " exactReasons, findings, focus, maxRecommendations, onlyCategories, present, progression,"
                        + " reasons, redFlagsScreened, riskGroup, triage, weeklyPlan",
                file + ": scenarios[0] (broken).expect.triage: expected one of self-care, see-clinician, urgent, got"
                        + " \"maybe\"");
    }
}
