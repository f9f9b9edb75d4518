package org.backcare.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.backcare.Fixtures;
import org.backcare.Planner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults during a batch: a full disk, a rule that throws for one profile. Nothing is lost or half-written. */
class BatchFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    @Test
    void aDiskThatFillsUpFailsTheRemainingPlansAndTheSummaryAccountsForEveryInput() throws Exception {
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 200, 31);
        Path out = dir.resolve("out");

        BatchResult result = FullDisk.after(120).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSON, 2, false), Progress.NONE);

        assertThat(result.planned()).isEqualTo(120);
        assertThat(result.failed()).isEqualTo(80);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("failures")).hasSize(80);
        assertThat(summary.get("failures").get(0).get("reasons").get(0).asText())
                .isEqualTo("cannot write the plan: No space left on device");
        try (Stream<Path> files = Files.list(out)) {
            List<Path> all = files.toList();
            assertThat(all).noneMatch(f -> f.getFileName().toString().endsWith(".tmp"));
            List<Path> plans = all.stream().filter(f -> f.toString().endsWith(".plan.json")).toList();
            assertThat(plans).hasSize(120);
            for (Path plan : plans) assertThat(JSON.readTree(plan.toFile()).get("profileId")).isNotNull();
        }
    }

    @Test
    void aDiskThatFillsUpUnderJsonLinesStopsCleanlyAndResumeFinishes() throws Exception {
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 500, 37);
        Path whole = dir.resolve("whole");
        new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(input), whole, BatchOptions.Format.JSONL,
                2, false), Progress.NONE);
        Path out = dir.resolve("out");

        BatchException e = catchThrowableOfType(BatchException.class, () -> FullDisk.after(300).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, false), Progress.NONE));

        assertThat(e.getMessage()).contains("No space left on device", "run again with --resume to finish");
        assertThat(out.resolve("plans.jsonl")).doesNotExist();
        BatchResult resumed = new BatchRunner(Fixtures.planner()).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, true), Progress.NONE);
        assertThat(resumed.resumed()).isPositive();
        assertThat(Files.readString(out.resolve("plans.jsonl"))).isEqualTo(Files.readString(whole.resolve("plans.jsonl")));
    }

    @Test
    void aWriterThatRunsOutOfMemoryStopsTheRunTruthfullyAndResumeFinishes() throws Exception {
        // the writer caught Exception alone: an Error killed it, and the run said "finished" over lost profiles
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 500, 41);
        Path whole = dir.resolve("whole");
        new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(input), whole, BatchOptions.Format.JSON,
                2, false), Progress.NONE);
        Path out = dir.resolve("out");

        BatchException e = catchThrowableOfType(BatchException.class, () -> FullDisk.outOfMemoryAfter(200).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSON, 2, false), Progress.NONE));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("out of memory", "run again with --resume to finish");
        String summary = Files.readString(out.resolve(BatchRunner.SUMMARY));
        assertThat(summary).contains("\"stopped\"", "out of memory").doesNotContain("\"finished\"");
        BatchResult resumed = new BatchRunner(Fixtures.planner()).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSON, 2, true), Progress.NONE);
        assertThat(resumed.planned()).isEqualTo(500);
        assertThat(BatchRunnerTest.contents(out)).isEqualTo(BatchRunnerTest.contents(whole));
    }

    @Test
    void aRuleThatThrowsForOneProfileFailsThatProfileOnly() throws Exception {
        Path rules = Fixtures.copyOfRules(dir);
        Files.writeString(rules.resolve("faulty.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;
                rule "Faulty: a rule that fails for one profile"
                when
                    Profile(id == "sam-minimal")
                then
                    throw new IllegalStateException("a rule fault for testing");
                end
                """);
        Path out = dir.resolve("out");

        BatchResult result = new BatchRunner(Planner.fromDirectory(rules)).run(
                new BatchOptions(List.of(Path.of("profiles")), out, BatchOptions.Format.JSON, 2, false), Progress.NONE);

        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.planned()).isEqualTo(Fixtures.exampleProfiles().size() - 1);
        JsonNode failure = JSON.readTree(out.resolve("summary.json").toFile()).get("failures").get(0);
        assertThat(failure.get("profileId").asText()).isEqualTo("sam-minimal");
        assertThat(failure.get("reasons").get(0).asText()).startsWith("the rules failed:")
                .contains("Faulty: a rule that fails for one profile", "a rule fault for testing");
        assertThat(out.resolve("sam-minimal.plan.json")).doesNotExist();
    }

    @Test
    void aProfileWhosePlanningHangsFailsAtTheTimeLimitAndTheRestArePlanned() throws Exception {
        Path out = dir.resolve("out");
        BatchOptions options = new BatchOptions(List.of(Path.of("profiles")), out, BatchOptions.Format.JSON, 2, false,
                Duration.ofMillis(500));

        BatchResult result = new BatchRunner(Planner.fromDirectory(Fixtures.copyOfRulesWith(dir, "stuck", "id == \"sam-minimal\"",
                Fixtures.WAIT_FOR_EVER)))
                .run(options, Progress.NONE);

        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.planned()).isEqualTo(Fixtures.exampleProfiles().size() - 1);
        JsonNode failure = JSON.readTree(out.resolve("summary.json").toFile()).get("failures").get(0);
        assertThat(failure.get("profileId").asText()).isEqualTo("sam-minimal");
        assertThat(failure.get("reasons").get(0).asText())
                .isEqualTo("planning took longer than 0.5 s and was stopped: an action of the rules may loop or wait"
                        + " (see --time-limit)");
    }

    @Test
    void rulesThatHangOnProfileAfterProfileStopTheRunWithASummarySayingSo() throws Exception {
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 40, 3);
        Path out = dir.resolve("out");
        BatchOptions options = new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, false,
                Duration.ofMillis(200));

        BatchException e = catchThrowableOfType(BatchException.class,
                () -> new BatchRunner(Planner.fromDirectory(Fixtures.copyOfRulesWith(dir, "stuck", "",
                Fixtures.WAIT_FOR_EVER))).run(options, Progress.NONE));

        assertThat(e.getMessage()).startsWith("the planning of " + (BatchRunner.MAX_HUNG + 1)
                + " profiles ran past the time limit of 0.2 s; an action of the rules loops or waits");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("stopped");
        assertThat(summary.get("failed").asLong()).isEqualTo(BatchRunner.MAX_HUNG);
    }

    @Test
    void manyMoreThreadsThanCoresWithSoundRulesNeverCountAsHung() throws Exception {
        // 256 threads on this machine's few cores: each plan waits its turn far longer than the 50 ms limit, yet
        // uses little CPU time, so none is taken for a hung one
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 1500, 8);
        BatchOptions options = new BatchOptions(List.of(input), dir.resolve("out"), BatchOptions.Format.JSONL, 256,
                false, Duration.ofMillis(50));

        BatchResult result = new BatchRunner(Fixtures.planner()).run(options, Progress.NONE);

        assertThat(result.failed()).isZero();
        assertThat(result.planned()).isEqualTo(1500);
    }
}
