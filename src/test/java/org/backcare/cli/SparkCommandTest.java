package org.backcare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.backcare.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backcare spark} as a user runs it: in a JVM of its own (the command stops the Spark session it starts),
 * with Spark on the class path and without.
 */
class SparkCommandTest {
    @TempDir
    Path dir;

    /** {@code backcare ARGS} in a new JVM with the test's class path less the entries {@code leftOut} matches. */
    private static ProcessResult backcare(Path dir, String leftOut, String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> leftOut == null || !entry.contains(leftOut))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider",
                "-Dslf4j.internal.verbosity=WARN"));
        command.addAll(List.of(System.getProperty("backcare.spark.jvm.options", "").split(" ")).stream()
                .filter(option -> !option.isBlank()).toList());
        command.addAll(List.of("-cp", classPath, "org.backcare.cli.Main"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "backcare", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return new ProcessResult(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record ProcessResult(int code, String output) {
    }

    private Path profiles() throws IOException {
        Path input = dir.resolve("in.jsonl");
        assertThat(Commands.run("generate", "--count", "300", "--seed", "4", "--out", input.toString()).code())
                .isZero();
        Files.writeString(input, "{\"id\": \"x\", \"age\": 7}\n", java.nio.file.StandardOpenOption.APPEND);
        return input;
    }

    @Test
    void plansAFileOnEveryCoreAndSaysHowManyFailed() throws Exception {
        Path input = profiles();
        Path out = dir.resolve("out");

        ProcessResult result = backcare(dir, null, "spark", input.toString(), "--out", out.toString(), "--quiet");

        assertThat(result.code()).as(result.output()).isEqualTo(Main.SOME_FAILED);
        assertThat(result.output()).contains("300 of 301 profiles planned, 1 failed in ",
                "summary in " + out + "/summary.json");
        try (Stream<Path> parts = Files.list(out.resolve("plans"))) {
            long lines = 0;
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                lines += Files.readAllLines(part).size();
            }
            assertThat(lines).isEqualTo(300);
        }
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"status\" : \"finished\"",
                "\"master\" : \"local[*]\"", "age: expected a whole number from 18 to 110, got 7");
    }

    @Test
    void aRulesErrorFailsItsProfileAloneAndTheJobGoesOn() throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "broken", "age == 76",
                "throw new AssertionError(\"a rule's own error\");");
        Path input = Files.writeString(dir.resolve("three.jsonl"), "{\"id\": \"a\", \"age\": 40}\n"
                + "{\"id\": \"b\", \"age\": 76}\n{\"id\": \"c\", \"age\": 55}\n");
        Path out = dir.resolve("broken-out");

        ProcessResult result = backcare(dir, null, "spark", input.toString(), "--out", out.toString(), "--quiet",
                "--rules", rules.toString());

        assertThat(result.code()).as(result.output()).isEqualTo(Main.SOME_FAILED);
        assertThat(result.output()).contains("2 of 3 profiles planned, 1 failed in ").doesNotContain("\tat ");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"status\" : \"finished\"",
                "a rule's own error");
    }

    @Test
    void withoutSparkOnTheClassPathItSaysWhereToRunIt() throws Exception {
        ProcessResult result = backcare(dir, "/org/apache/spark/", "spark", "in.jsonl", "--out", "out");

        assertThat(result.code()).isEqualTo(Main.INVALID);
        assertThat(result.output()).contains("backcare: Apache Spark is not on the class path: run the spark command"
                + " through the ./backcare launcher (which adds target/spark-lib) or spark-submit");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnknownFormatIsAUsageErrorBeforeSparkStarts() {
        Commands.Result result = Commands.run("spark", "in.jsonl", "--out", dir.resolve("out").toString(),
                "--format", "csv");

        assertThat(result.code()).isEqualTo(Main.INVALID);
        assertThat(result.err()).isEqualTo("backcare: Invalid value for option '--format': expected one of jsonl, parquet,"
                + " got csv\n"
                + "Try 'backcare spark --help' for usage.\n");
    }

    @Test
    void rulesThatCannotBeUsedAreReportedBeforeSparkStarts() throws Exception {
        Path rules = Fixtures.copyOfRules(dir);
        Files.writeString(rules.resolve("broken.drl"), "rule \"Broken\" when then nonsense end");

        ProcessResult result = backcare(dir, null, "spark", "in.jsonl", "--out", dir.resolve("out").toString(),
                "--rules", rules.toString());

        assertThat(result.code()).isEqualTo(Main.INVALID);
        assertThat(result.output()).startsWith("backcare: the rules cannot be used:");
        assertThat(dir.resolve("out")).doesNotExist();
    }

}
