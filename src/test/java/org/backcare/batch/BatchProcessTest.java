package org.backcare.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.backcare.Fixtures;
import org.backcare.io.OutputDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The batch command in a process of its own: killed and resumed, and run in a small heap. */
class BatchProcessTest {
    @TempDir
    Path dir;

    /** {@code backcare batch ARGS} in a new JVM with the test's classpath. */
    private static Process start(Path log, String maxHeap, String... args) throws IOException {
        List<String> batch = new ArrayList<>(List.of("batch"));
        batch.addAll(List.of(args));
        return backcare(log, maxHeap, batch);
    }

    /** {@code backcare ARGS} in a new JVM with the test's classpath. */
    private static Process backcare(Path log, String maxHeap, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                // the test class path holds Spark's logging beside Backcare's (the launcher's has Backcare's alone)
                "-Xmx" + maxHeap, "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider",
                "-Dslf4j.internal.verbosity=WARN",
                "-cp", System.getProperty("java.class.path"), "org.backcare.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the summary of a run in {@code out} says it is running, or the process ends. */
    private static void awaitRunning(Process process, Path out) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Path summary = out.resolve(BatchRunner.SUMMARY);
        while (process.isAlive() && System.nanoTime() < deadline
                && !(Files.exists(summary) && Files.readString(summary).contains("\"running\""))) {
            Thread.sleep(20);
        }
        assertThat(process.isAlive()).as("the batch is still running").isTrue();
    }

    @Test
    void aSecondBatchOnAnOutputAnotherProcessIsWritingStopsWithOneLineAndTheFirstFinishes() throws Exception {
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 6000, 23);
        Path out = dir.resolve("out");
        Process first = start(dir.resolve("first.log"), "256m", input.toString(), "--out", out.toString(),
                "--format", "jsonl", "--quiet");
        awaitRunning(first, out);

        BatchException e = catchThrowableOfType(BatchException.class, () -> new BatchRunner(Fixtures.planner()).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, false), Progress.NONE));

        assertThat(e.nothingDone()).isTrue();
        assertThat(e.getMessage()).startsWith("another backcare run (pid " + first.pid() + ") is writing to");
        assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(Files.lines(out.resolve(PlanLines.NAME)).count()).isEqualTo(6000);
    }

    @Test
    @SuppressWarnings("try") // the first run's directory is held, unused, for the length of the test
    void aRunRefusedInTheProcessThatHoldsTheLockLeavesItLocked() throws Exception {
        // closing the refused run's channel to the lock file dropped the process's lock on Linux: a third run, in
        // another process, could then take the directory from the first
        Path out = dir.resolve("out");
        try (OutputDirectory first = OutputDirectory.open(out)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputDirectory.open(out))
                    .isInstanceOf(OutputDirectory.InUse.class);

            Process other = start(dir.resolve("other.log"), "256m", "profiles", "--out", out.toString(), "--quiet");

            assertThat(other.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(other.exitValue()).as(Files.readString(dir.resolve("other.log"))).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("other.log"))).contains("is writing to");
        }
    }

    @Test
    void aBatchStoppedByASignalExitsThreeAndItsSummarySaysStoppedAsTheReadmeDoes() throws Exception {
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 6000, 29);
        Path out = dir.resolve("out");
        Path log = dir.resolve("stopped.log");
        Process batch = start(log, "256m", input.toString(), "--out", out.toString(), "--format", "jsonl", "--quiet");
        awaitRunning(batch, out);

        batch.destroy();

        assertThat(batch.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(batch.exitValue()).isEqualTo(3);
        assertThat(Files.readString(log)).contains("backcare: stopped before the command ended");
        // the summary said "running" and the disk set aside for it stayed
        assertThat(Files.readString(out.resolve(BatchRunner.SUMMARY))).contains("\"status\" : \"stopped\"",
                "stopped by a signal before the run ended");
        assertThat(out.resolve(Summary.RESERVE)).doesNotExist();
        assertThat(out.resolve(PlanLines.NAME)).doesNotExist();
    }

    /** Mounts a small tmpfs at {@code at}, when this process may (root in most containers); false otherwise. */
    private static boolean mountSmallDisk(Path at, String size) throws Exception {
        Files.createDirectories(at);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    }

    @ParameterizedTest
    @EnumSource(BatchOptions.Format.class)
    void aDiskThatFillsUpReplacesTheLastSummaryWithOneThatSaysTheRunStopped(BatchOptions.Format format)
            throws Exception {
        // a real full disk where a tmpfs can be mounted; elsewhere the output fails as one (the summary then has
        // room, so only the real disk tests the space set aside for it)
        Path disk = dir.resolve("disk");
        boolean real = mountSmallDisk(disk, "6m");
        try {
            Path out = disk.resolve("out");
            Path input = BatchRunnerTest.generated(dir, "in.jsonl", 3000, 31);
            String formatName = format.name().toLowerCase();
            Process small = start(dir.resolve("small.log"), "256m", "profiles", "--out", out.toString(), "--format",
                    formatName, "--quiet");
            assertThat(small.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(Files.readString(out.resolve(BatchRunner.SUMMARY))).contains("\"status\" : \"finished\"");

            int code;
            if (real) {
                Process big = start(dir.resolve("big.log"), "256m", input.toString(), "--out", out.toString(),
                        "--format", formatName, "--quiet");
                assertThat(big.waitFor(5, TimeUnit.MINUTES)).isTrue();
                code = big.exitValue();
                assertThat(Files.readString(dir.resolve("big.log"))).contains("No space left on device")
                        .doesNotContain("Exception");
            } else {
                catchThrowableOfType(BatchException.class, () -> FullDisk.after(200).run(
                        new BatchOptions(List.of(input), out, format, 2, false), Progress.NONE));
                code = 3;
            }

            assertThat(code).isEqualTo(3);
            com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(out.resolve(BatchRunner.SUMMARY).toFile());
            assertThat(summary.get("status").asText()).isEqualTo("stopped");
            assertThat(summary.get("error").asText()).contains("No space left on device");
            assertThat(summary.get("stoppedAfter").asText()).startsWith(input.toString());
            assertThat(summary.get("read").asLong()).isPositive().isLessThan(3000);
            // every failure is listed or counted as not listed (a full disk can keep failures.jsonl from holding them)
            assertThat(summary.get("failuresNotListed").asLong() + summary.get("failures").size())
                    .isEqualTo(summary.get("failed").asLong());
        } finally {
            if (real) new ProcessBuilder("umount", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void planStopsARuleThatLoopsForEverAtTheTimeLimit() throws Exception {
        // a loop the load-time check cannot see: only the time limit stops it
        Path rules = Fixtures.copyOfRulesWith(dir, "spinning", "", "int i = 0; while (i >= 0) { i = i * 1; }");
        Path log = dir.resolve("plan.log");

        Process plan = backcare(log, "256m", List.of("plan", "profiles/sam-minimal.json", "--rules",
                rules.toString(), "--time-limit", "1"));

        assertThat(plan.waitFor(60, TimeUnit.SECONDS)).as("plan ends").isTrue();
        assertThat(plan.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log).strip()).isEqualTo("backcare: profiles/sam-minimal.json: planning took"
                + " longer than 1 s and was stopped: an action of the rules may loop or wait (see --time-limit)");
    }

    private static long planFiles(Path out) throws IOException {
        if (!Files.isDirectory(out)) return 0;
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".plan.json")).count();
        }
    }

    private static long partialSize(Path out) throws IOException {
        Path partial = out.resolve(PlanLines.PARTIAL);
        return Files.exists(partial) ? Files.size(partial) : 0;
    }

    @ParameterizedTest
    @EnumSource(BatchOptions.Format.class)
    void aKilledRunResumedEndsWithTheSamePlansAsAnUninterruptedOne(BatchOptions.Format format) throws Exception {
        // given an uninterrupted run
        Path input = BatchRunnerTest.generated(dir, "in.jsonl", 4000, 21);
        Path whole = dir.resolve("whole");
        new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(input), whole, format, 2, false),
                Progress.NONE);

        // when a run of its own process is killed part way
        Path out = dir.resolve("out");
        String formatName = format.name().toLowerCase();
        Process batch = start(dir.resolve("killed.log"), "256m", input.toString(), "--out", out.toString(),
                "--format", formatName, "--quiet");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((format == BatchOptions.Format.JSON ? planFiles(out) < 300 : partialSize(out) < 3_000_000)
                && batch.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(batch.isAlive()).as("the batch is still running when it is killed").isTrue();
        batch.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.readString(out.resolve(BatchRunner.SUMMARY))).contains("\"status\" : \"running\"");
        assertThat(out.resolve(OutputDirectory.LOCK)).as("the killed run's lock file, taken over below").exists();

        // and resumed
        BatchResult resumed = new BatchRunner(Fixtures.planner()).run(
                new BatchOptions(List.of(input), out, format, 2, true), Progress.NONE);

        // then the plans are exactly those of the uninterrupted run, and the earlier work was not redone
        assertThat(resumed.resumed()).isPositive();
        assertThat(resumed.planned()).isEqualTo(4000);
        assertThat(BatchRunnerTest.contents(out)).isEqualTo(BatchRunnerTest.contents(whole));
    }

    @Test
    void memoryStaysFlatHoweverManyProfilesComeIn() throws Exception {
        // 30,000 plans take well over 200 MB as JSON: a run that kept them would not fit a 96 MB heap
        Path input = BatchRunnerTest.generated(dir, "many.jsonl", 30_000, 4);
        Path out = dir.resolve("out");

        Process batch = start(dir.resolve("small-heap.log"), "96m", input.toString(), "--out", out.toString(),
                "--format", "jsonl", "--quiet");

        assertThat(batch.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(batch.exitValue()).as(Files.readString(dir.resolve("small-heap.log"))).isZero();
        assertThat(Files.lines(out.resolve(PlanLines.NAME)).count()).isEqualTo(30_000);
    }

    @Test
    void aThousandThreadsInTheLaunchersHeapPlanEveryProfile() throws Exception {
        // 1024 threads each with a window of 64 finished plans held 65,536 plans for one writer: in 160 MB the writer
        // died and the run said "finished" over 16,855 lost profiles of 20,000; now the window is bounded by bytes.
        // 10,000 plans (200 MB of JSON) are more than the old window could hold in this heap; bench/threads runs 20,000
        Path input = BatchRunnerTest.generated(dir, "many.jsonl", 10_000, 5);
        Path out = dir.resolve("out");

        Process batch = start(dir.resolve("threads.log"), "160m", input.toString(), "--out", out.toString(),
                "--threads", "1024", "--quiet");

        assertThat(batch.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(dir.resolve("threads.log"));
        String summary = Files.readString(out.resolve(BatchRunner.SUMMARY));
        assertThat(batch.exitValue()).as(log).isZero();
        assertThat(summary).contains("\"finished\"", "\"read\" : 10000", "\"planned\" : 10000");
        try (var plans = Files.list(out)) {
            assertThat(plans.filter(file -> file.toString().endsWith(".plan.json")).count()).isEqualTo(10_000);
        }
    }
}
