package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backcare.batch.BatchOptions;
import org.backcare.batch.BatchResult;
import org.backcare.batch.BatchRunner;
import org.backcare.batch.Progress;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.ProfileReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of broken and hostile profiles ({@code src/test/resources/hostile/}, plus two too large to keep in the
 * repository, made here): each gets a clear error naming the file, and what was expected, in bounded time, and each
 * fails alone in a batch while the good profiles beside it are planned.
 */
class HostileInputTest {
    /** The start of the problem each hostile file must get (after "file: "). */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("empty.json", "the input is empty; expected a profile object with at least id and age");
        EXPECTED.put("whitespace.yaml", "not well-formed YAML: while scanning for the next token found character '\\t(TAB)'");
        EXPECTED.put("truncated.json", "not well-formed JSON: Unexpected end-of-input");
        EXPECTED.put("array.json", "expected a profile object at the top level, got a list");
        EXPECTED.put("null.json", "expected a profile object at the top level, got null");
        EXPECTED.put("string.json", "expected a profile object at the top level, got \"just a string\"");
        EXPECTED.put("wrong-types.json", "id: expected 1-64 characters of A-Z a-z 0-9 . _ -, got 42");
        EXPECTED.put("floats-for-whole.json", "age: expected a whole number from 18 to 110, got 40.0");
        EXPECTED.put("nan.json", "not well-formed JSON: Non-standard token 'NaN'");
        EXPECTED.put("huge-numbers.json", "age: expected a whole number from 18 to 110, got Infinity");
        EXPECTED.put("duplicate-keys.json", "id: duplicate key; expected each field once");
        EXPECTED.put("unknown-fields-and-values.json", "smoker: unknown field; expected one of id, age, smoking");
        EXPECTED.put("partial-start-back.yaml", "pain.startBack.shoulderOrNeckPain: required field is missing");
        EXPECTED.put("id-with-slash.yaml", "id: expected 1-64 characters of A-Z a-z 0-9 . _ -, got \"../../etc/passwd\"");
        EXPECTED.put("id-500-chars.yaml", "id: expected 1-64 characters of A-Z a-z 0-9 . _ -, got a string of 500");
        EXPECTED.put("yaml-java-tag.yaml", "diet: expected an object, got a list");
        EXPECTED.put("yaml-alias-bomb.yaml", "b.0: a YAML alias (*a); expected the value written out");
        EXPECTED.put("deep-nesting.json", "not well-formed JSON: Document nesting depth");
        EXPECTED.put("binary-garbage.json", "not valid UTF-8 at byte 129 (0x80); expected text in UTF-8");
        EXPECTED.put("bom-garbage.json", "not well-formed JSON");
        EXPECTED.put("nesting-100000.json", "the file has 200035 bytes; expected a profile of at most 65536");
        EXPECTED.put("string-20mb.json", "the file has 20971557 bytes; expected a profile of at most 65536");
    }

    @TempDir
    static Path corpus;

    @BeforeAll
    static void copyTheCorpusAndMakeTheLargeOnes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/hostile"))) {
            for (Path file : files.toList()) Files.copy(file, corpus.resolve(file.getFileName()));
        }
        Files.writeString(corpus.resolve("nesting-100000.json"),
                "{\"id\": \"deep\", \"age\": 40, \"diet\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        Files.writeString(corpus.resolve("string-20mb.json"),
                "{\"id\": \"long\", \"age\": 40, \"note\": \"" + "x".repeat(20 * 1024 * 1024) + "\"}");
    }

    static Stream<String> hostileFiles() {
        return EXPECTED.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("hostileFiles")
    void eachHostileProfileGetsAClearErrorInBoundedTime(String name) {
        Path file = corpus.resolve(name);

        InvalidProfileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> catchThrowableOfType(InvalidProfileException.class, () -> new ProfileReader().read(file)));

        assertThat(e).as(name + " is rejected").isNotNull();
        assertThat(e.problems()).isNotEmpty().allMatch(p -> p.source().equals(file.toString()));
        assertThat(e.problems()).extracting(Problem::toString).anyMatch(p -> p.startsWith(file + ":")
                && p.substring(p.indexOf(": ", file.toString().length()) + 2).startsWith(EXPECTED.get(name)));
        assertThat(e.problems()).allMatch(p -> p.message().length() < 400, "messages stay short");
    }

    @Test
    void everyFileOfTheCorpusHasItsExpectedError() throws IOException {
        try (Stream<Path> files = Files.list(corpus)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        }
    }

    @Test
    void aFloodOfProblemsIsCutShort(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("flood.json"), "{\"id\": \"flood\", \"age\": 40, \"activity\":"
                + " {\"likes\": [" + String.join(",", java.util.Collections.nCopies(10_000, "1")) + "]}}");

        InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class,
                () -> new ProfileReader().read(file));

        assertThat(e.problems()).hasSize(ProfileReader.MAX_PROBLEMS + 1);
        assertThat(e.problems().get(ProfileReader.MAX_PROBLEMS).message())
                .isEqualTo("and 9950 more problems; expected at most " + ProfileReader.MAX_PROBLEMS + " to be listed");
    }

    @Test
    void aByteOrderMarkBeforeAValidProfileIsAccepted(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bom.json");
        Path yaml = dir.resolve("bom.yaml");
        Files.write(json, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "{\"id\": \"bom-json\", \"age\": 40}".getBytes(StandardCharsets.UTF_8)));
        Files.write(yaml, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "id: bom-yaml\nage: 40\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(new ProfileReader().read(json).id()).isEqualTo("bom-json");
        assertThat(new ProfileReader().read(yaml).id()).isEqualTo("bom-yaml");
    }

    @Test
    void eachHostileProfileFailsAloneInABatchAndTheGoodOnesArePlanned(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");

        BatchResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new BatchRunner(
                Fixtures.planner()).run(new BatchOptions(List.of(corpus, Path.of("profiles")), out,
                BatchOptions.Format.JSON, 2, false), Progress.NONE));

        assertThat(result.failed()).isEqualTo(EXPECTED.size());
        int examples = Fixtures.exampleProfiles().size();
        assertThat(result.planned()).isEqualTo(examples);
        assertThat(result.read()).isEqualTo(EXPECTED.size() + examples);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        List<String> failed = new ArrayList<>();
        summary.get("failures").forEach(f -> failed.add(Path.of(f.get("source").asText()).getFileName().toString()));
        assertThat(failed).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".plan.json")).count()).isEqualTo(examples);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
