package org.backcare.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.backcare.Fixtures;
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
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), "org.backcare.cli.Main", "batch"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
}
