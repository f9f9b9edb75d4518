package org.backcare.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.backcare.Fixtures;
import org.backcare.generate.ProfileGenerator;
import org.backcare.io.OutputDirectory;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.backcare.run.TimeLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch runs: nothing lost, duplicates reported, output confined and atomic, resumable, thread-count independent. */
class BatchRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Path generated(Path dir, String name, int count, long seed) throws IOException {
        ProfileGenerator generator = new ProfileGenerator(seed);
        ProfileWriter writer = new ProfileWriter();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) lines.add(writer.toJsonLine(generator.profile(i)));
        return Files.write(dir.resolve(name), lines);
    }

    private static BatchResult run(List<Path> inputs, Path out, BatchOptions.Format format, int threads,
            boolean resume) throws BatchException {
        return new BatchRunner(Fixtures.planner()).run(new BatchOptions(inputs, out, format, threads, resume),
                Progress.NONE);
    }

    /** Every file of a directory (name to content), leaving out the summary, whose time and thread count vary. */
    static Map<String, String> contents(Path out) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(out)) {
            for (Path file : list.toList()) {
                String name = file.getFileName().toString();
                if (!name.equals(BatchRunner.SUMMARY) && !name.startsWith(".")) {
                    files.put(name, Files.readString(file));
                }
            }
        }
        return files;
    }

    static JsonNode summary(Path out) throws IOException {
        return JSON.readTree(out.resolve(BatchRunner.SUMMARY).toFile());
    }

    @Test
    void everyInputIsEitherPlannedOrAReportedFailure() throws Exception {
        // given good profiles beside broken ones, in every input form
        Path good = generated(dir, "good.jsonl", 300, 1);
        Path mixed = Files.writeString(dir.resolve("mixed.jsonl"), String.join("\n",
                "{\"id\": \"line-one\", \"age\": 40}",
                "{\"id\": \"line-two\", \"age\": 12}",
                "",
                "{\"id\": \"line-four\", \"age\": 40,",
                "   ",
                "{\"id\": \"line-six\", \"age\": 50, \"pain\": {\"currentIntensity\": 3}}",
                "{\"id\": \"line-seven\", \"age\": 50, \"note\": \"" + "x".repeat(ProfileReader.MAX_BYTES) + "\"}",
                "[1, 2, 3]") + "\n");
        Path folder = Files.createDirectories(dir.resolve("folder/nested"));
        Files.writeString(folder.resolve("ok.yaml"), "id: from-yaml\nage: 33\n");
        Files.writeString(folder.resolve("bad.yml"), "id: bad-yaml\nage: [\n");
        Files.writeString(folder.resolve("notes.txt"), "not a profile, and not named as one");
        Path missing = dir.resolve("missing.json");
        Path out = dir.resolve("out");

        // when
        BatchResult result = run(List.of(good, mixed, dir.resolve("folder"), missing), out,
                BatchOptions.Format.JSON, 2, false);

        // then nothing is lost: every profile read is planned or listed with its place and reason
        assertThat(result.read()).isEqualTo(300 + 6 + 2 + 1);
        assertThat(result.planned() + result.failed()).isEqualTo(result.read());
        assertThat(result.failed()).isEqualTo(6);
        assertThat(contents(out).keySet().stream().filter(name -> name.endsWith(".plan.json")))
                .hasSize((int) result.planned())
                .contains("line-one.plan.json", "line-six.plan.json", "from-yaml.plan.json");
        assertThat(Files.readAllLines(out.resolve("failures.jsonl"))).hasSize(6);
        JsonNode summary = summary(out);
        assertThat(summary.get("status").asText()).isEqualTo("finished");
        assertThat(summary.get("read").asLong()).isEqualTo(result.read());
        assertThat(summary.get("planned").asLong()).isEqualTo(result.planned());
        assertThat(summary.get("failed").asLong()).isEqualTo(6);
        assertThat(summary.get("rulesVersion").asText()).isEqualTo(Fixtures.planner().rulesVersion());
        List<String> failures = new ArrayList<>();
        for (JsonNode failure : summary.get("failures")) {
            failures.add(failure.get("source").asText() + (failure.has("line") ? ":" + failure.get("line") : "")
                    + " " + failure.get("reasons").get(0).asText());
        }
        assertThat(failures).hasSize(6);
        assertThat(failures.get(0)).isEqualTo(mixed + ":2 age: expected a whole number from 18 to 110, got 12");
        assertThat(failures.get(1)).startsWith(mixed + ":4 not well-formed JSON: Unexpected end-of-input");
        assertThat(failures.get(2)).isEqualTo(mixed + ":7 the line has " + (ProfileReader.MAX_BYTES + 43)
                + " bytes; expected a profile of at most " + ProfileReader.MAX_BYTES);
        assertThat(failures.get(3)).isEqualTo(mixed + ":8 expected a profile object at the top level, got a list");
        assertThat(failures.get(4)).startsWith(folder.resolve("bad.yml") + " line 2: not well-formed YAML");
        assertThat(failures.get(5)).isEqualTo(missing + " no such file");
    }

    @Test
    void theFirstOfTwoProfilesWithOneIdIsPlannedAndTheSecondReported() throws Exception {
        Path first = Files.writeString(dir.resolve("a.json"), "{\"id\": \"same\", \"age\": 40, \"smoking\":"
                + " {\"status\": \"current\"}}");
        Path second = Files.writeString(dir.resolve("b.json"), "{\"id\": \"same\", \"age\": 70}");
        Path out = dir.resolve("out");

        BatchResult result = run(List.of(first, second), out, BatchOptions.Format.JSON, 2, false);

        assertThat(result.planned()).isEqualTo(1);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(Files.readString(out.resolve("same.plan.json"))).contains("smoking-talk-about-cutting-back");
        assertThat(summary(out).get("failures").get(0).get("source").asText()).isEqualTo(second.toString());
        assertThat(summary(out).get("failures").get(0).get("reasons").get(0).asText())
                .startsWith("duplicate profile id \"same\"");
    }

    @Test
    void aPlanFileNameCanNeverLeaveTheOutputDirectory() throws IOException {
        try (OutputDirectory out = OutputDirectory.open(dir.resolve("out"))) {
            PlanFiles files = new PlanFiles(out, false, Journal.Entries.none());

            for (String id : List.of("../x", "a/../../x", "/etc/passwd", "..\\x", "")) {
                assertThatThrownBy(() -> files.fileFor(id)).as(id).isInstanceOf(IOException.class)
                        .hasMessageContaining("does not name a file inside");
            }
            assertThat(files.fileFor("..")).isEqualTo("...plan.json");
            assertThat(files.fileFor(".hidden")).isEqualTo(".hidden.plan.json");
        }
    }

    @Test
    void plansAreTheSameObjectThePlanCommandPrints() throws Exception {
        Path out = dir.resolve("out");
        run(List.of(Path.of("profiles")), out, BatchOptions.Format.JSON, 2, false);

        PlanWriter writer = new PlanWriter();
        ProfileReader reader = new ProfileReader();
        for (Path profile : Files.list(Path.of("profiles")).toList()) {
            String id = reader.read(profile).id();
            assertThat(Files.readString(out.resolve(id + ".plan.json")))
                    .isEqualTo(writer.toJson(Fixtures.planner().plan(reader.read(profile))) + "\n");
        }
    }

    @Test
    void jsonLinesOutputHoldsOnePlanPerLineInInputOrder() throws Exception {
        Path input = generated(dir, "in.jsonl", 200, 5);
        Path out = dir.resolve("out");

        BatchResult result = run(List.of(input), out, BatchOptions.Format.JSONL, 2, false);

        List<String> lines = Files.readAllLines(out.resolve("plans.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize((int) result.planned());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(JSON.readTree(lines.get(i)).get("profileId").asText()).isEqualTo(String.format("gen-%07d", i));
        }
        assertThat(out.resolve("plans.jsonl.partial")).doesNotExist();
    }

    @Test
    void manyThreadsWriteExactlyWhatOneThreadWrites() throws Exception {
        Path input = generated(dir, "in.jsonl", 400, 9);
        for (BatchOptions.Format format : BatchOptions.Format.values()) {
            Path one = dir.resolve("one-" + format);
            Path many = dir.resolve("many-" + format);
            run(List.of(input, Path.of("profiles")), one, format, 1, false);
            run(List.of(input, Path.of("profiles")), many, format, 4, false);
            assertThat(contents(many)).as(format.toString()).isEqualTo(contents(one));
        }
    }

    @Test
    void anOutputDirectoryThatCannotBeWrittenStopsTheBatchBeforeItStarts() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

        assertThatThrownBy(() -> run(List.of(Path.of("profiles")), file.resolve("out"), BatchOptions.Format.JSON, 1,
                false))
                .isInstanceOf(BatchException.class)
                .hasMessageStartingWith("cannot write to " + file.resolve("out"))
                .satisfies(e -> assertThat(((BatchException) e).nothingDone()).isTrue());
    }

    @Test
    void aResumedRunSkipsWhatIsDoneAndEndsWithTheSamePlans() throws Exception {
        Path input = generated(dir, "in.jsonl", 300, 13);
        Path whole = dir.resolve("whole");
        run(List.of(input), whole, BatchOptions.Format.JSON, 2, false);

        // an earlier run that stopped after 120 profiles
        Path partialInput = Files.write(dir.resolve("first-part.jsonl"),
                Files.readAllLines(input).subList(0, 120));
        Path out = dir.resolve("out");
        run(List.of(partialInput), out, BatchOptions.Format.JSON, 2, false);
        Files.move(partialInput, dir.resolve("moved.jsonl"));
        Files.copy(input, partialInput);

        BatchResult resumed = run(List.of(partialInput), out, BatchOptions.Format.JSON, 2, true);

        assertThat(resumed.resumed()).isEqualTo(120);
        assertThat(resumed.planned()).isEqualTo(300);
        assertThat(contents(out)).isEqualTo(contents(whole));
    }

    @Test
    void resumingInAnotherFormatIsRefusedAndTheEarlierPlansStay() throws Exception {
        // the new run's plans.jsonl went beside the earlier run's files, which no run would remove
        Path input = generated(dir, "in.jsonl", 40, 3);
        Path out = dir.resolve("out");
        run(List.of(input), out, BatchOptions.Format.JSON, 2, false);
        java.util.Map<String, String> before = contents(out);

        BatchException e = catchThrowableOfType(BatchException.class,
                () -> run(List.of(input), out, BatchOptions.Format.JSONL, 2, true));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("wrote its plans as json", "same --format");
        assertThat(out.resolve(PlanLines.NAME)).doesNotExist();
        // the earlier run's files as they were, its finished summary included
        assertThat(contents(out)).isEqualTo(before);
    }

    @Test
    void resumingWithOtherRulesPlansEverythingAgain() throws Exception {
        Path input = generated(dir, "in.jsonl", 50, 2);
        Path out = dir.resolve("out");
        run(List.of(input), out, BatchOptions.Format.JSON, 2, false);
        Files.writeString(out.resolve(Journal.NAME), Files.readString(out.resolve(Journal.NAME))
                .replaceFirst("sha256:[0-9a-f]+", "sha256:other"));

        BatchResult again = run(List.of(input), out, BatchOptions.Format.JSON, 2, true);

        assertThat(again.resumed()).isZero();
        assertThat(again.planned()).isEqualTo(50);
    }

    @Test
    void compactPlansHoldWhatDiffersAndAdviceJsonHoldsWhatEveryPlanSaysAlike() throws Exception {
        Path input = generated(dir, "in.jsonl", 100, 17);
        Path full = dir.resolve("full");
        Path compact = dir.resolve("compact");
        run(List.of(input), full, BatchOptions.Format.JSONL, 2, false);
        new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(input), compact, BatchOptions.Format.JSONL,
                2, false, TimeLimit.DEFAULT, BatchOptions.Detail.COMPACT), Progress.NONE);

        List<String> fullLines = Files.readAllLines(full.resolve("plans.jsonl"));
        List<String> compactLines = Files.readAllLines(compact.resolve("plans.jsonl"));
        JsonNode advice = JSON.readTree(compact.resolve(BatchRunner.ADVICE).toFile());
        assertThat(advice.get("rulesVersion").asText()).isEqualTo(Fixtures.planner().rulesVersion());
        assertThat(compactLines).hasSameSizeAs(fullLines);
        for (int i = 0; i < fullLines.size(); i++) {
            JsonNode whole = JSON.readTree(fullLines.get(i));
            JsonNode brief = JSON.readTree(compactLines.get(i));
            // everything but the recommendations is the same
            JsonNode briefRest = ((com.fasterxml.jackson.databind.node.ObjectNode) brief.deepCopy())
                    .without("recommendations");
            JsonNode wholeRest = ((com.fasterxml.jackson.databind.node.ObjectNode) whole.deepCopy())
                    .without("recommendations");
            assertThat((Object) briefRest).isEqualTo(wholeRest);
            for (int r = 0; r < whole.get("recommendations").size(); r++) {
                JsonNode a = whole.get("recommendations").get(r);
                JsonNode b = brief.get("recommendations").get(r);
                List<String> fields = new ArrayList<>(List.of("rank", "id", "because", "why", "rule", "evidence"));
                if (a.has("rules")) fields.add(5, "rules");
                if (a.has("merged")) fields.add("merged");
                assertThat(fieldNames(b)).containsExactlyElementsOf(fields);
                for (String field : List.of("rank", "id", "because", "why", "rule", "rules", "evidence")) {
                    assertThat((Object) b.get(field)).isEqualTo(a.get(field));
                }
                // and the full recommendation can be put back together from advice.json
                JsonNode text = advice.get("advice").get(a.get("id").asText());
                for (String field : List.of("title", "advice", "category")) {
                    assertThat((Object) text.get(field)).isEqualTo(a.get(field));
                }
                for (JsonNode id : a.get("evidence")) assertThat(advice.get("evidence").has(id.asText())).isTrue();
            }
        }
        assertThat(summary(compact).get("detail").asText()).isEqualTo("compact");
        // the advice texts are most of a recommendation's bytes (the week's exercises stay in every plan)
        assertThat(Files.size(compact.resolve("plans.jsonl")))
                .isLessThan(Files.size(full.resolve("plans.jsonl")) * 3 / 4);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
