package org.backcare.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.backcare.Fixtures;
import org.backcare.Planner;
import org.backcare.batch.BatchOptions;
import org.backcare.batch.BatchResult;
import org.backcare.batch.BatchRunner;
import org.backcare.batch.Progress;
import org.backcare.generate.ProfileGenerator;
import org.backcare.io.OutputDirectory;
import org.backcare.profile.ProfileWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in {@code local[2]} against {@code backcare batch} on the same input: 10,000 generated profiles with
 * invalid, blank, overlong and duplicate lines mixed in. The plans must be batch's byte for byte, the failures batch's
 * line for line, and the counts batch's.
 */
class SparkPlanJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROFILES = 10_000;
    private static SparkSession spark;

    @TempDir
    static Path shared;
    private static Path input;
    private static Path batchOut;
    private static BatchResult batch;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSparkAndRunBatch() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("backcare-test")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        input = generatedWithFaults(shared.resolve("profiles.jsonl"));
        batchOut = shared.resolve("batch");
        batch = new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(input), batchOut,
                BatchOptions.Format.JSONL, 2, false), Progress.NONE);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) spark.stop();
    }

    /**
     * The generated profiles, and among them: broken JSON, a profile that breaks the format, blank lines, a line too
     * long to be a profile, a line ending in a carriage return, a profile whose id an earlier one has, and an exact
     * copy of an earlier line.
     */
    static Path generatedWithFaults(Path file) throws IOException {
        ProfileGenerator generator = new ProfileGenerator(16);
        ProfileWriter writer = new ProfileWriter();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            String line = writer.toJsonLine(generator.profile(i));
            if (i == 10) lines.add("{\"id\": \"broken\", ");
            if (i == 20) lines.add(line.replaceFirst("\"age\":\\s*\\d+", "\"age\": -4"));
            if (i == 30) lines.add("   ");
            if (i == 31) lines.add("");
            if (i == 40) lines.add("{\"id\": \"" + "x".repeat(70_000) + "\"}");
            if (i == 50) line = line + "\r";
            if (i == 7_000) lines.add(lines.get(100));
            if (i == 8_000) lines.add(writer.toJsonLine(new ProfileGenerator(99).profile(200)));
            lines.add(line);
        }
        return Files.write(file, lines);
    }

    private static List<String> sortedLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().sorted().toList();
    }

    /** The lines of every part file Spark wrote in {@code dir}, in part order. */
    static List<String> partLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /** Spark's plans in {@code out} are batch's in {@code batchDir} (byte for byte, in any order), its failures too. */
    private static void assertSameOutputAsBatch(Path out, Path batchDir) throws IOException {
        assertThat(partLines(out.resolve("plans")).stream().sorted().toList())
                .isEqualTo(sortedLines(batchDir.resolve("plans.jsonl")));
        assertThat(partLines(out.resolve("failures")))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(batchDir.resolve("failures.jsonl")));
    }

    private static long lineOf(String failure) {
        try {
            return JSON.readTree(failure).get("line").asLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SparkPlanJob.Options options(Path in, Path out, SparkPlanJob.OutputFormat format) {
        return new SparkPlanJob.Options(List.of(in.toString()), out.toString(), SparkPlanJob.guessFormat(in.toString()),
                format, null, Duration.ofSeconds(10));
    }

    @Test
    void plansEqualBatchsByteForByteAndEveryLineIsAccountedFor() throws Exception {
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, options(input, out, SparkPlanJob.OutputFormat.JSONL));

        assertThat(batch.failed()).isEqualTo(5);
        assertThat(batch.duplicates()).isEqualTo(2);
        assertThat(result.read()).isEqualTo(batch.read()).isEqualTo(PROFILES + 5);
        assertThat(result.planned()).isEqualTo(batch.planned()).isEqualTo(PROFILES);
        assertThat(result.failed()).isEqualTo(batch.failed());
        assertThat(result.duplicates()).isEqualTo(batch.duplicates());
        List<String> plans = partLines(out.resolve("plans"));
        assertThat(plans.stream().sorted().toList()).isEqualTo(sortedLines(batchOut.resolve("plans.jsonl")));
        assertThat(out.resolve("plans/_SUCCESS")).exists();
        // the same failures, worded as batch words them (batch's in input order, one file here: by line)
        assertThat(partLines(out.resolve("failures")).stream()
                .sorted(Comparator.comparingLong(SparkPlanJobTest::lineOf)).toList())
                .isEqualTo(Files.readAllLines(batchOut.resolve("failures.jsonl"), StandardCharsets.UTF_8));
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode batchSummary = JSON.readTree(batchOut.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("finished");
        for (String count : List.of("read", "planned", "failed", "duplicates", "rulesVersion", "failures")) {
            assertThat(summary.get(count)).as(count).isEqualTo(batchSummary.get(count));
        }
        assertThat(summary.get("master").asText()).isEqualTo("local[2]");
    }

    @Test
    void manyDuplicatesAreJoinedRatherThanSentToEveryTaskWithTheSameOutcome() throws Exception {
        Path out = dir.resolve("spark");
        spark.conf().set(SparkPlanJob.BROADCAST_DUPLICATES, "0");
        SparkPlanJob.Result result;
        try {
            result = SparkPlanJob.run(spark, options(input, out, SparkPlanJob.OutputFormat.JSONL));
        } finally {
            spark.conf().unset(SparkPlanJob.BROADCAST_DUPLICATES);
        }

        assertThat(result.duplicates()).isEqualTo(batch.duplicates()).isEqualTo(2);
        assertSameOutputAsBatch(out, batchOut);
    }

    @Test
    void parquetInAndOutCarryTheSamePlans() throws Exception {
        Path parquetIn = dir.resolve("profiles.parquet");
        spark.read().text(input.toString()).where("trim(value) != ''").withColumnRenamed("value", "profile")
                .repartition(3).write().parquet(parquetIn.toString());
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark,
                options(parquetIn, out, SparkPlanJob.OutputFormat.PARQUET));

        assertThat(result.planned()).isEqualTo(PROFILES);
        // the overlong line is read whole from Parquet, and fails in the parser rather than for its length
        assertThat(result.failed()).isEqualTo(batch.failed());
        List<Row> rows = spark.read().parquet(out.resolve("plans").toString()).collectAsList();
        assertThat(rows.stream().map(row -> row.<String>getAs("plan")).sorted().toList())
                .isEqualTo(sortedLines(batchOut.resolve("plans.jsonl")));
        for (Row row : rows.subList(0, 50)) {
            JsonNode plan = JSON.readTree(row.<String>getAs("plan"));
            assertThat(row.<String>getAs("profileId")).isEqualTo(plan.get("profileId").asText());
            assertThat(row.<String>getAs("triage")).isEqualTo(plan.get("triage").get("level").asText());
            assertThat(row.<scala.collection.Seq<String>>getAs("focus").mkString(","))
                    .isEqualTo(String.join(",", JSON.convertValue(plan.get("focus"), String[].class)));
        }
    }

    @Test
    void aRerunReplacesTheWholeOutput() throws Exception {
        Path out = dir.resolve("spark");
        SparkPlanJob.run(spark, options(input, out, SparkPlanJob.OutputFormat.JSONL));
        Path small = dir.resolve("small.jsonl");
        Files.write(small, Files.readAllLines(input).subList(0, 5));

        SparkPlanJob.Result result = SparkPlanJob.run(spark, options(small, out, SparkPlanJob.OutputFormat.JSONL));

        assertThat(result.read()).isEqualTo(5);
        assertThat(partLines(out.resolve("plans"))).hasSize(5);
        assertThat(partLines(out.resolve("failures"))).isEmpty();
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).get("read").asLong()).isEqualTo(5);
    }

    @Test
    void aProfileWhosePlanningHangsFailsAtTheTimeLimitAndTheRestArePlanned() throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "id == \"gen-0000003\"", Fixtures.WAIT_FOR_EVER);
        Path small = dir.resolve("small.jsonl");
        Files.write(small, Files.readAllLines(input).subList(0, 8));
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, new SparkPlanJob.Options(List.of(small.toString()),
                out.toString(), SparkPlanJob.InputFormat.JSONL, SparkPlanJob.OutputFormat.JSONL, rules,
                Duration.ofMillis(500)));

        assertThat(result.planned()).isEqualTo(7);
        JsonNode failure = JSON.readTree(partLines(out.resolve("failures")).get(0));
        assertThat(failure.get("line").asLong()).isEqualTo(4);
        assertThat(failure.get("profileId").asText()).isEqualTo("gen-0000003");
        assertThat(failure.get("reasons").get(0).asText()).isEqualTo("planning took longer than 0.5 s and was"
                + " stopped: an action of the rules may loop or wait (see --time-limit)");
        assertThat(JSON.readTree(partLines(out.resolve("plans")).get(0)).get("rulesVersion").asText())
                .isEqualTo(Planner.fromDirectory(rules).rulesVersion());
    }

    @Test
    void aDirectoryOfFilesIsReadInBatchsOrderWithBatchsNamesAndLineNumbers() throws Exception {
        List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("later"));
        Files.write(in.resolve("b.jsonl"), lines.subList(0, 4_000));
        Files.write(in.resolve("a.jsonl"), lines.subList(4_000, 7_010));
        Files.write(in.resolve("later/c.jsonl"), lines.subList(7_010, lines.size()));
        Files.writeString(in.resolve("notes.txt"), "not a profile file");
        Path batchDir = dir.resolve("batch");
        BatchResult byBatch = new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(in), batchDir,
                BatchOptions.Format.JSONL, 2, false), Progress.NONE);
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, options(in, out, SparkPlanJob.OutputFormat.JSONL));

        assertThat(result.read()).isEqualTo(byBatch.read());
        assertThat(result.duplicates()).isEqualTo(byBatch.duplicates()).isEqualTo(2);
        assertThat(partLines(out.resolve("plans")).stream().sorted().toList())
                .isEqualTo(sortedLines(batchDir.resolve("plans.jsonl")));
        // a.jsonl comes first: the copy of line 100 of the input (in b.jsonl) is planned there, the original not
        List<String> batchFailures = Files.readAllLines(batchDir.resolve("failures.jsonl"), StandardCharsets.UTF_8);
        assertThat(batchFailures).anyMatch(failure -> failure.contains("\"source\":\"" + in.resolve("b.jsonl")
                + "\",\"line\":101,\"profileId\":\"gen-0000095\""));
        assertThat(partLines(out.resolve("failures"))).containsExactlyInAnyOrderElementsOf(batchFailures);
    }

    @Test
    void rulesThatHangOnProfileAfterProfileStopTheJobWithASummarySayingSo() throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "", Fixtures.WAIT_FOR_EVER);
        Path small = dir.resolve("small.jsonl");
        Files.write(small, Files.readAllLines(input).subList(0, 40));
        Path out = dir.resolve("spark");

        Throwable e = catchThrowable(() -> SparkPlanJob.run(spark, new SparkPlanJob.Options(List.of(small.toString()),
                out.toString(), SparkPlanJob.InputFormat.JSONL, SparkPlanJob.OutputFormat.JSONL, rules,
                Duration.ofMillis(100))));

        assertThat(e).hasStackTraceContaining("the planning of " + (BoundedPlanning.MAX_HUNG + 1)
                + " profiles ran past the time limit of 0.1 s; an action of the rules loops or waits, so the job"
                + " stopped");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("stopped");
        assertThat(summary.get("error").asText()).contains("ran past the time limit");
        assertThat(out.resolve("plans")).doesNotExist();
    }

    @Test
    void theRulesAnExecutorReceivesBuildThePlannerTheDriverBuilt() throws Exception {
        Path rules = Fixtures.copyOfRules(dir);
        // what is not a rule file stays behind: a repository's files, however large
        Files.createDirectories(rules.resolve(".git"));
        Files.write(rules.resolve(".git/pack"), new byte[(int) RulesSource.MAX_BYTES + 1]);
        Planner driver = Planner.fromDirectory(rules);
        RulesSource sent = RulesSource.of(rules, driver);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sent);
        }
        RulesSource received;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            received = (RulesSource) in.readObject();
        }

        Planner executor = received.load();

        assertThat(received.files().keySet()).allMatch(org.backcare.rules.RuleSet::isRuleFile)
                .contains("advice.yaml");
        assertThat(executor).isNotSameAs(driver);
        assertThat(executor.rulesVersion()).isEqualTo(driver.rulesVersion());
        Path profile = Path.of("profiles/maria-desk-worker.yaml");
        assertThat(executor.plan(Fixtures.profile(Files.readString(profile))))
                .isEqualTo(driver.plan(Fixtures.profile(Files.readString(profile))));
    }

    @Test
    void aFileGivenTwiceIsReadTwiceAsBatchReadsItWithItsOwnLineNumbers() throws Exception {
        // Spark read it under one name: 4 times the rows, each duplicate's failure three times, lines past its end
        List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
        Path twice = dir.resolve("twice.jsonl");
        Files.write(twice, lines.subList(0, 1_500));
        Path batchDir = dir.resolve("batch");
        BatchResult byBatch = new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(twice, twice),
                batchDir, BatchOptions.Format.JSONL, 2, false), Progress.NONE);
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, new SparkPlanJob.Options(
                List.of(twice.toString(), twice.toString()), out.toString(), SparkPlanJob.InputFormat.JSONL,
                SparkPlanJob.OutputFormat.JSONL, null, Duration.ofSeconds(10)));

        assertThat(result.read()).isEqualTo(byBatch.read());
        assertThat(result.planned()).isEqualTo(byBatch.planned());
        assertThat(result.duplicates()).isEqualTo(byBatch.duplicates()).isGreaterThanOrEqualTo(1_400);
        assertSameOutputAsBatch(out, batchDir);
        assertThat(partLines(out.resolve("failures"))).allMatch(failure -> lineOf(failure) <= 1_500);
    }

    @Test
    @SuppressWarnings("try") // the directory is held, unused, while the job tries it
    void aSecondJobOnAnOutputInUseStopsBeforeTouchingIt() throws Exception {
        // two jobs on one --out both said they finished, and the first one's plans were gone
        Path out = dir.resolve("spark");

        try (OutputDirectory held = OutputDirectory.open(out)) {
            SparkPlanJob.JobException e = catchThrowableOfType(SparkPlanJob.JobException.class,
                    () -> SparkPlanJob.run(spark, options(input, out, SparkPlanJob.OutputFormat.JSONL)));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("is writing to " + out.toRealPath(), "choose another --out");
            assertThat(out.resolve("summary.json")).doesNotExist();
            assertThat(out.resolve("plans")).doesNotExist();
        }
        SparkPlanJob.Result after = SparkPlanJob.run(spark, options(input, out, SparkPlanJob.OutputFormat.JSONL));
        assertThat(after.read()).isEqualTo(batch.read());
    }

    @Test
    @SuppressWarnings("try") // the directory is held, unused, while the job tries it
    void aJobInAnotherProcessStopsBeforeTouchingAnOutputThisOneHolds() throws Exception {
        // two jobs on one --out, each in its own process, both said they finished, and the first one's plans were gone
        Path out = dir.resolve("spark");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // this JVM's options (the modules Spark needs opened), without agents such as coverage's
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-javaagent")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.backcare.cli.Main", "spark",
                input.toString(), "--out", out.toString()));

        try (OutputDirectory held = OutputDirectory.open(out)) {
            Process other = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(other.waitFor()).as(log).isEqualTo(2);
            assertThat(log).contains("is writing to " + out.toRealPath(), "choose another --out");
            assertThat(out.resolve("summary.json")).doesNotExist();
            assertThat(out.resolve("plans")).doesNotExist();
        }
    }

    @Test
    void aParquetInputGivenTwiceIsReadTwiceAsBatchReadsAFileGivenTwice() throws Exception {
        Path parquetIn = dir.resolve("first.parquet");
        spark.read().text(input.toString()).limit(1_500).withColumnRenamed("value", "profile").coalesce(1)
                .write().parquet(parquetIn.toString());
        SparkPlanJob.Result once = SparkPlanJob.run(spark, options(parquetIn, dir.resolve("once"),
                SparkPlanJob.OutputFormat.JSONL));
        Path out = dir.resolve("twice");

        SparkPlanJob.Result twice = SparkPlanJob.run(spark, new SparkPlanJob.Options(
                List.of(parquetIn.toString(), parquetIn.toString()), out.toString(), SparkPlanJob.InputFormat.PARQUET,
                SparkPlanJob.OutputFormat.JSONL, null, Duration.ofSeconds(10)));

        assertThat(once.read()).isEqualTo(1_500);
        assertThat(twice.read()).isEqualTo(2 * once.read());
        assertThat(twice.planned()).isEqualTo(once.planned());
        assertThat(twice.duplicates()).isEqualTo(2 * once.duplicates() + once.planned());
        assertThat(partLines(out.resolve("plans")).stream().sorted().toList())
                .isEqualTo(partLines(dir.resolve("once").resolve("plans")).stream().sorted().toList());
        assertThat(partLines(out.resolve("failures"))).allMatch(failure -> lineOf(failure) <= 1_500);
    }

    @Test
    void aMissingInputIsAFailureAsInBatch() throws Exception {
        Path missing = dir.resolve("nothing.jsonl");
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, options(missing, out, SparkPlanJob.OutputFormat.JSONL));

        assertThat(result.read()).isEqualTo(1);
        assertThat(partLines(out.resolve("failures"))).containsExactly("{\"source\":\"" + missing
                + "\",\"reasons\":[\"cannot be read: no such file or directory: " + missing + "\"]}");
    }

    @Test
    void aParquetProfileColumnOfAnotherTypeIsAClearError() {
        Path parquetIn = dir.resolve("numbers.parquet");
        spark.range(3).withColumnRenamed("id", "profile").write().parquet(parquetIn.toString());

        Throwable e = catchThrowable(() -> SparkPlanJob.run(spark, options(parquetIn, dir.resolve("spark"),
                SparkPlanJob.OutputFormat.JSONL)));

        assertThat(e).isInstanceOf(SparkPlanJob.JobException.class)
                .hasMessage(parquetIn + ": the profile column holds bigint; expected a string (a profile's JSON)");
    }

    @Test
    void filesWithAwkwardNamesAreReadAsBatchReadsThem() throws Exception {
        List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8).subList(0, 60);
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("a"));
        // names a Hadoop path would take for patterns, or for a scheme; hidden and underscore names; whole files
        Files.write(in.resolve("q?.jsonl"), lines.subList(0, 5));
        Files.write(in.resolve("qa.jsonl"), lines.subList(5, 10));
        Files.write(in.resolve("st*r.jsonl"), lines.subList(10, 15));
        Files.write(in.resolve("br[1].jsonl"), lines.subList(15, 20));
        Files.write(in.resolve("a:b.jsonl"), lines.subList(20, 25));
        Files.write(in.resolve(".hidden.jsonl"), lines.subList(25, 30));
        Files.write(in.resolve("_under.jsonl"), lines.subList(30, 35));
        Files.write(in.resolve("a/one.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(JSON.readTree(lines.get(50))));
        Files.copy(Path.of("profiles/maria-desk-worker.yaml"), in.resolve("a/maria.yaml"));
        Files.writeString(in.resolve("a/bad.yml"), "id: bad\nage: many\n");
        Files.createSymbolicLink(in.resolve("link"), in.resolve("a"));
        Path batchDir = dir.resolve("batch");
        BatchResult byBatch = new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(in), batchDir,
                BatchOptions.Format.JSONL, 2, false), Progress.NONE);
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, options(in, out, SparkPlanJob.OutputFormat.JSONL));

        // 33 non-blank lines (broken JSON and a bad age among them), two whole files planned, a bad one, the link
        assertThat(byBatch.planned()).isEqualTo(33);
        assertThat(byBatch.failed()).isEqualTo(4);
        assertThat(result.read()).isEqualTo(byBatch.read());
        assertThat(result.planned()).isEqualTo(byBatch.planned());
        assertThat(result.failed()).isEqualTo(byBatch.failed());
        assertSameOutputAsBatch(out, batchDir);
    }

    @Test
    void whenTheRulesFailOnTheFirstProfileOfAnIdTheNextOneIsPlannedAsInBatch() throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "broken", "id == \"shared\", age == 33",
                "throw new IllegalStateException(\"broken for this profile\");");
        ProfileWriter writer = new ProfileWriter();
        ProfileGenerator generator = new ProfileGenerator(7);
        List<String> lines = new ArrayList<>();
        // of four profiles with the id "shared": the rules fail on the first and the fourth; the second is planned,
        // the third is its duplicate; the fourth keeps its own failure, as batch lists it
        int[] sharedAges = {33, 34, 35, 33};
        for (int i = 0; i < 12; i++) {
            String line = writer.toJsonLine(generator.profile(i));
            if (i % 3 == 1) {
                line = line.replaceFirst("\"id\":\\s*\"[^\"]*\"", "\"id\": \"shared\"")
                        .replaceFirst("\"age\":\\s*\\d+", "\"age\": " + sharedAges[i / 3]);
            }
            lines.add(line);
        }
        Path some = Files.write(dir.resolve("some.jsonl"), lines);
        Path batchDir = dir.resolve("batch");
        BatchResult byBatch = new BatchRunner(Planner.fromDirectory(rules)).run(new BatchOptions(List.of(some),
                batchDir, BatchOptions.Format.JSONL, 2, false), Progress.NONE);
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, new SparkPlanJob.Options(List.of(some.toString()),
                out.toString(), SparkPlanJob.InputFormat.JSONL, SparkPlanJob.OutputFormat.JSONL, rules,
                Duration.ofSeconds(10)));

        assertThat(byBatch.planned()).isEqualTo(9);
        assertThat(byBatch.failed()).isEqualTo(3);
        assertThat(byBatch.duplicates()).isEqualTo(1);
        assertThat(result).extracting(SparkPlanJob.Result::planned, SparkPlanJob.Result::failed,
                SparkPlanJob.Result::duplicates).containsExactly(9L, 3L, 1L);
        assertThat(partLines(out.resolve("plans"))).anySatisfy(plan -> assertThat(JSON.readTree(plan).get("profileId")
                .asText()).isEqualTo("shared"));
        assertSameOutputAsBatch(out, batchDir);
    }

    @Test
    void profilesThatHangAmongManyFailAloneAndTheRestArePlannedWithTheRules() throws Exception {
        // enough profiles for Drools to compile the rules' conditions while planning threads are left behind (waiting:
        // threads that spin would take this test JVM's cores for good)
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "age == 78", Fixtures.WAIT_FOR_EVER);
        Path some = dir.resolve("some.jsonl");
        Files.write(some, Files.readAllLines(input).subList(0, 400));
        Path batchDir = dir.resolve("batch");
        BatchResult byBatch = new BatchRunner(Planner.fromDirectory(rules)).run(new BatchOptions(List.of(some),
                batchDir, BatchOptions.Format.JSONL, 2, false, Duration.ofMillis(300)), Progress.NONE);
        Path out = dir.resolve("spark");

        SparkPlanJob.Result result = SparkPlanJob.run(spark, new SparkPlanJob.Options(List.of(some.toString()),
                out.toString(), SparkPlanJob.InputFormat.JSONL, SparkPlanJob.OutputFormat.JSONL, rules,
                Duration.ofMillis(300)));

        assertThat(byBatch.failed()).isBetween(1L, (long) BoundedPlanning.MAX_HUNG);
        assertThat(result.failed()).isEqualTo(byBatch.failed());
        assertSameOutputAsBatch(out, batchDir);
    }

}
