package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backcare.batch.BatchOptions;
import org.backcare.batch.BatchResult;
import org.backcare.batch.BatchRunner;
import org.backcare.batch.Progress;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.ProfileReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that are not regular files (issue 12): a FIFO would make a reader wait for ever, {@code /dev/zero} never
 * ends, and links may lead nowhere, in circles or to a directory. Each is named with its reason, in bounded time,
 * never read, and a batch plans everything else.
 */
class NonRegularInputTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path inputs;

    @BeforeEach
    void plantHostileEntries() throws Exception {
        inputs = Files.createDirectories(dir.resolve("inputs"));
        Files.copy(Path.of("profiles/sam-minimal.json"), inputs.resolve("sam-minimal.json"));
        Process mkfifo = new ProcessBuilder("mkfifo", inputs.resolve("fifo.json").toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
        Files.createSymbolicLink(inputs.resolve("zero.json"), Path.of("/dev/zero"));
        Files.createSymbolicLink(inputs.resolve("dangling.yaml"), inputs.resolve("nowhere.yaml"));
        Files.createSymbolicLink(inputs.resolve("loop.json"), inputs.resolve("loop.json"));
        Files.createSymbolicLink(inputs.resolve("linked-folder"), Path.of("profiles").toAbsolutePath());
    }

    @Test
    void readingAFifoOrDevZeroFailsAtOnceNamingWhatItIs() {
        for (String name : List.of("fifo.json", "zero.json")) {
            InvalidProfileException e = assertTimeoutPreemptively(BOUND, () -> catchThrowableOfType(
                    InvalidProfileException.class, () -> new ProfileReader().read(inputs.resolve(name))));
            assertThat(e.getMessage()).contains(name, "not a regular file (a FIFO, device or socket)");
        }
    }

    @Test
    void aBatchListsEveryNonRegularEntryAsAFailureAndPlansTheRest() throws IOException {
        Path out = dir.resolve("out");

        BatchResult result = assertTimeoutPreemptively(BOUND, () -> new BatchRunner(Fixtures.planner()).run(
                new BatchOptions(List.of(inputs), out, BatchOptions.Format.JSON, 2, false), Progress.NONE));

        assertThat(result.planned()).isEqualTo(1);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        Map<String, String> failures = new LinkedHashMap<>();
        summary.get("failures").forEach(f -> failures.put(Path.of(f.get("source").asText()).getFileName().toString(),
                f.get("reasons").get(0).asText()));
        assertThat(failures).containsOnlyKeys("fifo.json", "zero.json", "dangling.yaml", "loop.json", "linked-folder");
        assertThat(failures.get("fifo.json")).contains("not a regular file");
        assertThat(failures.get("zero.json")).contains("not a regular file");
        assertThat(failures.get("dangling.yaml")).contains("leads nowhere");
        assertThat(failures.get("loop.json")).contains("leads nowhere");
        assertThat(failures.get("linked-folder")).contains("a symbolic link to a directory, which is not followed");
    }

    @Test
    void aFileLargerThanAProfileIsRejectedWithoutReadingItAll() throws IOException {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[ProfileReader.MAX_BYTES + 1]);

        assertThat(catchThrowableOfType(InvalidProfileException.class, () -> new ProfileReader().read(big))
                .getMessage()).contains("the file has " + (ProfileReader.MAX_BYTES + 1) + " bytes; expected a profile of"
                        + " at most " + ProfileReader.MAX_BYTES);
    }
}
