package org.backcare.batch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import org.backcare.io.OutputDirectory;

/**
 * {@code summary.json} in a batch's output directory, always replaced whole: written first with {@code "status":
 * "running"}, so that a summary of an earlier run can never be read as this one's, then {@code "finished"} with the
 * counts, or {@code "stopped"} with why and what was not written. It lists the first {@value #MAX_LISTED} failures;
 * {@code failures.jsonl} beside it holds them all.
 */
final class Summary {
    static final String NAME = "summary.json";
    static final int MAX_LISTED = 10_000;
    /** The disk set aside at the start for the summary at the end, released just before it is written. */
    static final String RESERVE = ".backcare-reserve";
    static final int RESERVE_BYTES = 1 << 20;
    private static final JsonFactory JSON = new JsonFactory();

    private final OutputDirectory dir;
    private final BatchOptions options;
    private final String rulesVersion;

    Summary(OutputDirectory dir, BatchOptions options, String rulesVersion) {
        this.dir = dir;
        this.options = options;
        this.rulesVersion = rulesVersion;
    }

    Path path() {
        return dir.path().resolve(NAME);
    }

    /**
     * Says the run is running, and sets aside {@value #RESERVE_BYTES} bytes of disk for the summary at its end (a run
     * that fills the disk can still say what it did).
     */
    void running() throws IOException {
        write("running", null, null, null, null, true);
        try (FileChannel reserve = dir.create(RESERVE)) {
            ByteBuffer zeros = ByteBuffer.allocate(RESERVE_BYTES);
            while (zeros.hasRemaining()) reserve.write(zeros);
        }
    }

    /** A run that could not start: why. */
    void notStarted(String error) throws IOException {
        dir.delete(RESERVE);
        write("stopped", null, error, null, null, false);
    }

    void finished(BatchResult result) throws IOException {
        dir.delete(RESERVE);
        write("finished", result, null, null, null, true);
    }

    /**
     * The summary of a run that could not go on: the counts of what was done, {@code notWritten} profiles read whose
     * plans were not written, and the last input read ({@code stoppedAfter}): inputs after it were not planned (a
     * resumed run plans them). When the full summary cannot be written (the disk is full), one without the list of
     * failures is tried; {@code failures.jsonl} has them.
     */
    void stopped(BatchResult result, long notWritten, String error, String stoppedAfter) throws IOException {
        dir.delete(RESERVE);
        try {
            write("stopped", result, error, notWritten, stoppedAfter, true);
        } catch (IOException e) {
            write("stopped", result, error, notWritten, stoppedAfter, false);
        }
    }

    private void write(String status, BatchResult result, String error, Long notWritten, String stoppedAfter,
            boolean listFailures) throws IOException {
        dir.write(NAME, out -> {
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("status", status);
                if (error != null) json.writeStringField("error", error);
                if (stoppedAfter != null) json.writeStringField("stoppedAfter", stoppedAfter);
                json.writeStringField("rulesVersion", rulesVersion);
                json.writeArrayFieldStart("inputs");
                for (Path input : options.inputs()) json.writeString(input.toString());
                json.writeEndArray();
                json.writeStringField("format", options.format().wireName());
                json.writeStringField("detail", options.detail() == BatchOptions.Detail.COMPACT ? "compact" : "full");
                json.writeNumberField("threads", options.threads());
                if (result != null) counts(json, result, notWritten, listFailures);
                json.writeEndObject();
            }
        });
    }

    private void counts(JsonGenerator json, BatchResult result, Long notWritten, boolean listFailures)
            throws IOException {
        json.writeNumberField("read", result.read());
        json.writeNumberField("planned", result.planned());
        json.writeNumberField("resumed", result.resumed());
        json.writeNumberField("failed", result.failed());
        json.writeNumberField("duplicates", result.duplicates());
        if (notWritten != null) json.writeNumberField("notWritten", notWritten);
        json.writeNumberField("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        json.writeStringField("failuresFile", FailureLog.NAME);
        // what is listed is what failures.jsonl holds: on a full disk it may hold fewer than failed, and the count
        // of those not listed says so
        List<String> listed = new ArrayList<>();
        FileChannel failures = listFailures
                ? dir.read(dir.hasFile(FailureLog.NAME) ? FailureLog.NAME : FailureLog.PARTIAL) : null;
        if (failures != null) {
            try (BufferedReader lines = new BufferedReader(Channels.newReader(failures, StandardCharsets.UTF_8))) {
                for (String failure; listed.size() < MAX_LISTED && (failure = lines.readLine()) != null; ) {
                    listed.add(failure);
                }
            }
        }
        json.writeNumberField("failuresNotListed", Math.max(0, result.failed() - listed.size()));
        json.writeArrayFieldStart("failures");
        for (String failure : listed) json.writeRawValue(failure);
        json.writeEndArray();
    }
}
