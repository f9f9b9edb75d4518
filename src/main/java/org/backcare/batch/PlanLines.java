package org.backcare.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Every plan as one line of {@code plans.jsonl} in the output directory. The lines go to {@code plans.jsonl.partial}
 * first, which is renamed to {@code plans.jsonl} only when every plan is written, so that a crash never leaves a
 * half-written {@code plans.jsonl}.
 *
 * <p>A resumed run writes a new partial file too: the plans it keeps are copied from the earlier run's file (moved
 * aside as {@code .plans.jsonl.earlier}, or the finished {@code plans.jsonl}) in input order, among the plans it
 * makes, so that the output is what a clean run on the current input writes: one line per id, none left over from
 * a profile that has changed since.
 */
final class PlanLines implements PlanOutput {
    static final String NAME = "plans.jsonl";
    static final String PARTIAL = NAME + ".partial";
    static final String EARLIER = ".plans.jsonl.earlier";

    private final OutputDirectory dir;
    private final FileChannel earlier;
    private final OutputStream out;
    private long position;

    /** Starts a new partial file; when resuming, opens the earlier run's plans to copy from. */
    PlanLines(OutputDirectory dir, boolean resume) throws IOException {
        this.dir = dir;
        FileChannel source = null;
        if (resume && dir.hasFile(PARTIAL)) {
            dir.rename(PARTIAL, EARLIER);
            source = dir.read(EARLIER);
        } else if (resume) {
            source = dir.read(NAME);
        } else {
            dir.delete(EARLIER);
        }
        this.earlier = source;
        this.out = new BufferedOutputStream(Channels.newOutputStream(dir.create(PARTIAL)), 1 << 16);
    }

    @Override
    public long write(String profileId, String json) throws IOException {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        long span = Journal.span(position, line.length);
        position += line.length;
        return span;
    }

    /** The earlier plan when its line is whole (a line on each side of it ends where it should) and is this id's. */
    @Override
    public String earlier(String profileId, long span) {
        if (earlier == null) return null;
        long start = Journal.start(span);
        int length = Journal.length(span);
        try {
            long from = Math.max(0, start - 1);
            if (length < 2 || start + length > earlier.size()) return null;
            ByteBuffer bytes = ByteBuffer.allocate((int) (start + length - from));
            while (bytes.hasRemaining()) {
                if (earlier.read(bytes, from + bytes.position()) < 0) return null;
            }
            byte[] read = bytes.array();
            if (read[read.length - 1] != '\n' || (start > 0 && read[0] != '\n')) return null;
            String json = new String(read, (int) (start - from), length - 1, StandardCharsets.UTF_8);
            return json.contains("\"profileId\":\"" + profileId + "\"") ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean isolatesFailures() {
        return false;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void finish(LongMap planned) throws IOException {
        out.close();
        dir.rename(PARTIAL, NAME);
        close();
    }

    /** Closes the files; the partial file stays for a resumed run, and what was moved aside goes. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the journal names only what was flushed before
        }
        try {
            if (earlier != null) earlier.close();
            dir.delete(EARLIER);
        } catch (IOException e) {
            // the next run removes it
        }
    }
}
