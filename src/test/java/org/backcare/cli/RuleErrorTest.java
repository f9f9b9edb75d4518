package org.backcare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.backcare.Fixtures;
import org.backcare.cli.Commands.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule that throws an {@code Error} for one profile (issue 28): that profile fails with its reason, in one line and
 * never a stack trace, and every other profile is planned, in plan, batch and report.
 */
class RuleErrorTest {
    @TempDir
    static Path dir;
    private static Path rules;
    private static Path profiles;

    @BeforeAll
    static void rulesThatFailAt76() throws Exception {
        rules = Fixtures.copyOfRulesWith(dir, "broken", "age == 76", "throw new AssertionError(\"a rule's own error\");");
        // two more Errors a rule can cause with allowed code: an allocation past the VM's limit, endless recursion
        Files.writeString(rules.resolve("errors.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;

                function int deeper(int n) { return deeper(n + 1) + 1; }

                rule "out of memory: a rule added by a test"
                when
                    $profile : Profile(age == 77)
                then
                    long[] big = new long[Integer.MAX_VALUE - 8];
                end

                rule "out of memory at 79: a rule added by a test"
                when
                    $profile : Profile(age == 79)
                then
                    long[] big = new long[Integer.MAX_VALUE - 8];
                end

                rule "recursion: a rule added by a test"
                when
                    $profile : Profile(age == 78)
                then
                    int depth = deeper(0);
                end
                """);
        profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("d-at-77.yaml"), "id: d-at-77\nage: 77\n");
        Files.writeString(profiles.resolve("e-at-78.yaml"), "id: e-at-78\nage: 78\n");
        Files.writeString(profiles.resolve("a-healthy.yaml"), "id: a-healthy\nage: 40\npain: {currentIntensity: 2, redFlags: []}\n");
        Files.writeString(profiles.resolve("b-at-76.yaml"), "id: b-at-76\nage: 76\n");
        Files.writeString(profiles.resolve("c-healthy.yaml"), "id: c-healthy\nage: 55\n");
    }

    @Test
    void planFailsThatProfileInOneLine() {
        Result result = Commands.run("plan", profiles.resolve("b-at-76.yaml").toString(), "--rules", rules.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("b-at-76.yaml", "the rules failed on this profile", "a rule's own error")
                .doesNotContain("\tat ");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void anOutOfMemoryOrAStackOverflowInARuleFailsThatProfileInOneLine() {
        for (String[] c : new String[][] {{"d-at-77.yaml", "OutOfMemoryError"}, {"e-at-78.yaml", "StackOverflowError"}}) {
            Result result = Commands.run("plan", profiles.resolve(c[0]).toString(), "--rules", rules.toString());

            assertThat(result.code()).as(result.err()).isEqualTo(1);
            assertThat(result.err()).contains(c[0], "the rules failed on this profile", c[1]).doesNotContain("\tat ");
            assertThat(result.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void batchGoesOnAndPlansTheOthers() throws Exception {
        Path out = dir.resolve("batch");
        Result result = Commands.run("batch", profiles.toString(), "--out", out.toString(), "--rules", rules.toString());

        assertThat(result.code()).as(result.err()).isEqualTo(1);
        assertThat(out.resolve("a-healthy.plan.json")).exists();
        assertThat(out.resolve("c-healthy.plan.json")).exists();
        assertThat(out.resolve("b-at-76.plan.json")).doesNotExist();
        assertThat(out.resolve("d-at-77.plan.json")).doesNotExist();
        assertThat(out.resolve("e-at-78.plan.json")).doesNotExist();
        assertThat(Files.readString(out.resolve("summary.json"))).contains("a rule's own error", "OutOfMemoryError",
                "StackOverflowError", "\"failed\" : 3");
    }

    @Test
    void batchStopsTruthfullyWhenPlanAfterPlanRunsOutOfMemoryAndResumePlansThem() throws Exception {
        // As many profiles in a row as the process's memory running short would fail: the run stops with exit 3,
        // "stopped", and none of them listed as failed, so that --resume (here with memory to spare) plans them.
        Path short_ = Files.createDirectories(dir.resolve("short-of-memory"));
        for (int i = 1; i <= 10; i++) {
            Files.writeString(short_.resolve(String.format("p%02d.yaml", i)), "id: p" + i + "\nage: 79\n");
        }
        Path out = dir.resolve("short-out");

        Result stopped = Commands.run("batch", short_.toString(), "--out", out.toString(), "--rules", rules.toString(),
                "--threads", "1");

        assertThat(stopped.code()).as(stopped.err()).isEqualTo(3);
        assertThat(stopped.err()).contains("8 profiles in a row ran out of memory", "the run stopped", "--resume")
                .doesNotContain("\tat ");
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("\"status\" : \"stopped\"", "\"failed\" : 0").doesNotContain("finished");

        Result resumed = Commands.run("batch", short_.toString(), "--out", out.toString(), "--resume");

        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"planned\" : 10");
    }

    @Test
    void profilesThatRanOutOfMemoryAreListedOnceAHealthyOneFollows() throws Exception {
        Path some = Files.createDirectories(dir.resolve("some-out-of-memory"));
        for (int i = 1; i <= 7; i++) {
            Files.writeString(some.resolve(String.format("p%02d.yaml", i)), "id: p" + i + "\nage: 79\n");
        }
        Files.writeString(some.resolve("p08.yaml"), "id: p8\nage: 40\n");
        Files.writeString(some.resolve("p09.yaml"), "id: p9\nage: 79\n");
        Path out = dir.resolve("some-out");

        Result result = Commands.run("batch", some.toString(), "--out", out.toString(), "--rules", rules.toString(),
                "--threads", "1");

        assertThat(result.code()).as(result.err()).isEqualTo(1);
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("\"status\" : \"finished\"", "\"planned\" : 1", "\"failed\" : 8");
        assertThat(Files.readString(out.resolve("failures.jsonl")).lines()).hasSize(8)
                .allSatisfy(line -> assertThat(line).contains("OutOfMemoryError"));
    }

    @Test
    void diffAndSimulateFailThatProfileInOneLine() {
        Result diff = Commands.run("diff", profiles.toString(), "--base-rules", "rules", "--rules", rules.toString());
        Result simulate = Commands.run("simulate", profiles.resolve("b-at-76.yaml").toString(), "--rules",
                rules.toString());

        assertThat(diff.code()).isEqualTo(1);
        assertThat(diff.err()).contains("b-at-76.yaml", "the rules failed on this profile").doesNotContain("\tat ");
        assertThat(simulate.code()).isEqualTo(1);
        assertThat(simulate.err()).contains("the rules failed on this profile").doesNotContain("\tat ");
    }

    @Test
    void theReportKeepsTheHealthyProfiles() throws Exception {
        Path out = dir.resolve("report");
        Result result = Commands.run("report", profiles.toString(), "--out", out.toString(), "--rules",
                rules.toString());

        assertThat(result.err()).doesNotContain("\tat ");
        assertThat(out.resolve("profiles/a-healthy.html")).exists();
        assertThat(out.resolve("profiles/c-healthy.html")).exists();
        assertThat(Files.readString(out.resolve("index.html"))).contains("b-at-76");
    }
}
