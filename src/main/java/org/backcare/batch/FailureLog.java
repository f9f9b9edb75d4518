package org.backcare.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.backcare.io.FailureReasons;
import org.backcare.io.Input;
import org.backcare.io.OutputDirectory;

/**
 * Every failure of a batch, one JSON object per line, in {@code failures.jsonl} in the output directory (written as
 * {@code failures.jsonl.partial} until the run ends). A failure names its input, line and profile id, and gives at
 * most {@value FailureReasons#MAX_REASONS} reasons of at most {@value FailureReasons#MAX_REASON_CHARS}
 * characters each, so that a hostile input
 * cannot blow up the output. Used by one thread.
 */
final class FailureLog implements AutoCloseable {
    static final String NAME = "failures.jsonl";
    static final String PARTIAL = NAME + ".partial";

    private final OutputDirectory dir;
    private final Writer out;
    private long count;
    private boolean finished;

    FailureLog(OutputDirectory dir) throws IOException {
        this.dir = dir;
        // an earlier run's list must never sit beside this run's summary
        dir.delete(NAME);
        this.out = new BufferedWriter(Channels.newWriter(dir.create(PARTIAL), StandardCharsets.UTF_8), 1 << 16);
    }

    void add(Input input, String profileId, List<String> reasons) throws IOException {
        out.write(FailureReasons.json(input.source(), input.line(), profileId, reasons));
        out.write('\n');
        count++;
    }

    /** How many failures were noted. */
    long count() {
        return count;
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Closes the log and gives it its final name. */
    void finish() throws IOException {
        if (finished) return;
        out.close();
        dir.rename(PARTIAL, NAME);
        finished = true;
    }

    /** As {@link #finish}, for a run that stopped: as much as can be done, quietly. */
    @Override
    public void close() {
        try {
            finish();
        } catch (IOException e) {
            // what could be written was; the summary says the run stopped
        }
    }
}
