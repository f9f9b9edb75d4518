package org.backcare.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import org.backcare.io.OutputDirectory;

/**
 * Every plan as one line of {@code plans.jsonl} in the output directory. The lines go to {@code plans.jsonl.partial}
 * first, which is renamed to {@code plans.jsonl} only when every plan is written, so that a crash never leaves a
 * half-written {@code plans.jsonl}.
 *
 * <p>A resumed run keeps, in place, the longest run of plans at the start of the earlier output whose profiles come
 * first in the current input with the same bytes, in the same order; at the first profile that differs, the output
 * and the journal are cut there and everything after is planned again. Nothing is copied (a resume needs no more
 * disk than the run it finishes), and a resume killed part way leaves a journal that still names what it kept. The
 * output equals a clean run's on the current input: one line per id, none left from a changed profile.
 */
final class PlanLines implements PlanOutput {
    static final String NAME = "plans.jsonl";
    static final String PARTIAL = NAME + ".partial";

    private final OutputDirectory dir;
    private final Journal.Entries earlier;
    private final Journal journal;
    private final FileChannel channel;
    private final OutputStream out;
    /** How many of the earlier entries are kept so far, and how many of them the partial file holds whole. */
    private int kept;
    private final int usable;
    private volatile boolean cut;
    private long position;

    /** Opens the partial file: the earlier run's, to continue, when resuming; a new one otherwise. */
    PlanLines(OutputDirectory dir, boolean resume, Journal.Entries earlier, Journal journal) throws IOException {
        this.dir = dir;
        this.earlier = earlier;
        this.journal = journal;
        if (resume && earlier.matches() && !dir.hasFile(PARTIAL) && dir.hasFile(NAME)) {
            // a finished run resumed: its plans.jsonl becomes the partial file again until this run finishes
            dir.rename(NAME, PARTIAL);
        }
        if (resume && earlier.matches() && dir.hasFile(PARTIAL)) {
            channel = dir.openToWrite(PARTIAL);
            long size = channel.size();
            int whole = 0;
            while (whole < earlier.size() && end(whole) <= size) whole++;
            usable = whole;
        } else {
            channel = dir.create(PARTIAL);
            usable = 0;
        }
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        if (!resume || !earlier.matches()) {
            cut = true;
        } else if (usable == 0) {
            cutAt(0);
        }
    }

    private long end(int entry) {
        long span = earlier.spans()[entry];
        return Journal.start(span) + Journal.length(span);
    }

    @Override
    public boolean mayKeep(long inputFingerprint, String profileId) {
        return !cut && earlier.done().containsKey(inputFingerprint);
    }

    @Override
    public boolean keep(long inputFingerprint, String profileId) throws IOException {
        if (cut) return false;
        if (kept < usable && earlier.fingerprints()[kept] == inputFingerprint) {
            position = end(kept);
            kept++;
            return true;
        }
        cutAt(kept);
        return false;
    }

    /** Ends the kept run of earlier plans before entry {@code entry}: the output and the journal lose what follows. */
    private void cutAt(int entry) throws IOException {
        cut = true;
        position = entry == 0 ? 0 : end(entry - 1);
        channel.truncate(position);
        channel.position(position);
        journal.truncate(entry == 0 ? earlier.start() : earlier.ends()[entry - 1]);
    }

    @Override
    public long write(String profileId, byte[] json) throws IOException {
        if (!cut) cutAt(kept);
        out.write(json);
        out.write('\n');
        long span = Journal.span(position, json.length + 1);
        position += json.length + 1;
        return span;
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
        if (!cut) cutAt(kept);
        out.close();
        dir.rename(PARTIAL, NAME);
    }

    /** Closes the file; the partial file stays for a resumed run. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the journal names only what was flushed before
        }
    }
}
