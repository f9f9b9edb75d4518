package org.backcare.batch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code summary.json} in a batch's output directory, always replaced whole: written first with {@code "status":
 * "running"}, so that a summary of an earlier run can never be read as this one's, then {@code "finished"} with the
 * counts, or {@code "stopped"} with why and what was not written. It lists the first {@value #MAX_LISTED} failures;
 * {@code failures.jsonl} beside it holds them all.
 */
final class Summary {
    static final String NAME = "summary.json";
    static final int MAX_LISTED = 10_000;
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

    void running() throws IOException {
        write("running", null, null, null);
    }

    void finished(BatchResult result) throws IOException {
        write("finished", result, null, null);
    }

    /**
     * The summary of a run that could not go on: the counts of what was done, and {@code notWritten} profiles read
     * whose plans were not written (a resumed run plans them).
     */
    void stopped(BatchResult result, long notWritten, String error) throws IOException {
        write("stopped", result, error, notWritten);
    }

    private void write(String status, BatchResult result, String error, Long notWritten) throws IOException {
        dir.write(NAME, out -> {
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("status", status);
                if (error != null) json.writeStringField("error", error);
                json.writeStringField("rulesVersion", rulesVersion);
                json.writeArrayFieldStart("inputs");
                for (Path input : options.inputs()) json.writeString(input.toString());
                json.writeEndArray();
                json.writeStringField("format", options.format().wireName());
                json.writeNumberField("threads", options.threads());
                if (result != null) counts(json, result, notWritten);
                json.writeEndObject();
            }
        });
    }

    private void counts(JsonGenerator json, BatchResult result, Long notWritten) throws IOException {
        json.writeNumberField("read", result.read());
        json.writeNumberField("planned", result.planned());
        json.writeNumberField("resumed", result.resumed());
        json.writeNumberField("failed", result.failed());
        json.writeNumberField("duplicates", result.duplicates());
        if (notWritten != null) json.writeNumberField("notWritten", notWritten);
        json.writeNumberField("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        json.writeStringField("failuresFile", FailureLog.NAME);
        json.writeNumberField("failuresNotListed", Math.max(0, result.failed() - MAX_LISTED));
        json.writeArrayFieldStart("failures");
        FileChannel failures = dir.read(dir.hasFile(FailureLog.NAME) ? FailureLog.NAME : FailureLog.PARTIAL);
        if (failures != null) {
            try (BufferedReader lines = new BufferedReader(Channels.newReader(failures, StandardCharsets.UTF_8))) {
                String failure;
                for (int listed = 0; listed < MAX_LISTED && (failure = lines.readLine()) != null; listed++) {
                    json.writeRawValue(failure);
                }
            }
        }
        json.writeEndArray();
    }
}
