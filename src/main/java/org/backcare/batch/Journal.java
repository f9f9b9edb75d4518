package org.backcare.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * What a batch has written, for {@code --resume}: one line per plan with the fingerprint of the profile's bytes
 * (under the rules version), the fingerprint of its id, where its line lies in {@code plans.jsonl} (0 0 for one file
 * per plan) and a closing {@code .} that shows the line is whole. The first line names the rules version and the
 * output format; a journal for other rules or another format is ignored.
 *
 * <p>Every run writes a new journal, entries for the plans it kept as well as those it wrote, and never appends to
 * an old one; entries reach the file only at {@link #flush}, after the plans they name. So a line cut short (by a
 * kill or a full disk) is always the last, and reading stops there: each entry is whole or absent. Used by one
 * thread.
 */
final class Journal implements AutoCloseable {
    static final String NAME = ".backcare-journal";
    private static final String HEADER = "backcare-journal 2";
    private static final String END_OF_ENTRY = " .";
    /** Plan lines up to 16 MiB are noted; a longer one (none is near it) is planned again on resume. */
    private static final int LENGTH_BITS = 24;

    private final FileChannel out;
    private final StringBuilder pending = new StringBuilder();

    private Journal(FileChannel out) {
        this.out = out;
    }

    /**
     * What an earlier run with the same rules and format wrote.
     *
     * @param done fingerprint of each profile's bytes to the {@link #span} of its plan
     * @param ids fingerprints of the ids it wrote a plan for (to 1)
     */
    record Entries(LongMap done, LongMap ids) {
        static Entries none() {
            return new Entries(new LongMap(), new LongMap());
        }
    }

    /** Where a plan lies in the output, in one number. */
    static long span(long start, long length) {
        return length >= 1L << LENGTH_BITS ? -1 : start << LENGTH_BITS | length;
    }

    static long start(long span) {
        return span >>> LENGTH_BITS;
    }

    static int length(long span) {
        return (int) (span & ((1L << LENGTH_BITS) - 1));
    }

    /** The entries of an earlier run with the same rules and format; none when there is no such journal. */
    static Entries read(OutputDirectory dir, String rulesVersion, String format) throws IOException {
        Entries entries = Entries.none();
        FileChannel channel = dir.read(NAME);
        if (channel == null) return entries;
        try (BufferedReader in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 1 << 16)) {
            if (!header(rulesVersion, format).equals(in.readLine())) return entries;
            String line;
            while ((line = in.readLine()) != null) {
                // A line cut short by a kill or a full disk lacks the closing " ." and ends the journal.
                if (!line.endsWith(END_OF_ENTRY)) break;
                String[] fields = line.substring(0, line.length() - END_OF_ENTRY.length()).split(" ");
                if (fields.length != 4) break;
                try {
                    long span = span(Long.parseLong(fields[2]), Long.parseLong(fields[3]));
                    if (span < 0) continue;
                    entries.done().put(Long.parseUnsignedLong(fields[0], 16), span);
                    entries.ids().put(Long.parseUnsignedLong(fields[1], 16), 1);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return entries;
    }

    /** Starts a new journal (whatever was at its name is replaced). */
    static Journal create(OutputDirectory dir, String rulesVersion, String format) throws IOException {
        Journal journal = new Journal(dir.create(NAME));
        journal.pending.append(header(rulesVersion, format)).append('\n');
        return journal;
    }

    private static String header(String rulesVersion, String format) {
        return HEADER + " " + rulesVersion + " " + format;
    }

    /** Notes a plan written or kept; it reaches the file at the next {@link #flush}. */
    void done(long inputFingerprint, long idFingerprint, long start, long length) {
        pending.append(Long.toHexString(inputFingerprint)).append(' ').append(Long.toHexString(idFingerprint))
                .append(' ').append(start).append(' ').append(length).append(END_OF_ENTRY).append('\n');
    }

    /** Writes the entries noted since the last flush; call it only once the plans they name are written. */
    void flush() throws IOException {
        if (pending.isEmpty()) return;
        ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
        pending.setLength(0);
        while (bytes.hasRemaining()) out.write(bytes);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
