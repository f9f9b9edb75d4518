package org.backcare.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.backcare.io.OutputDirectory;

/**
 * What a batch has written, for {@code --resume}: one line per plan with the fingerprint of the profile's bytes
 * (under the rules version), the fingerprint of its id, where its line lies in {@code plans.jsonl} (0 0 for one file
 * per plan) and a closing {@code .} that shows the line is whole. The first line names the rules version and the
 * output format; a journal for other rules or another format is ignored and replaced.
 *
 * <p>A resumed run continues the journal: a line cut short by a kill or a full disk is cut off first, so nothing is
 * ever glued to it, and entries reach the file only at {@link #flush}, after the plans they name. Each entry is
 * therefore whole or absent. Used by one thread.
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

    /**
     * What an earlier run with the same rules and format noted, in the order it noted it.
     *
     * @param matches whether there is such a journal (same rules, same format)
     * @param done fingerprint of each profile's bytes to the {@link #span} of its plan
     * @param fingerprints the fingerprints in journal order (the first {@code size})
     * @param spans their spans, in the same order
     * @param ends where each entry's line ends in the journal file
     * @param start where the first entry begins (after the header)
     */
    record Entries(boolean matches, LongMap done, long[] fingerprints, long[] spans, long[] ends, int size,
            long start) {
        static Entries none() {
            return new Entries(false, new LongMap(), new long[0], new long[0], new long[0], 0, 0);
        }

        /** Where the journal's whole entries end: what a continued journal keeps. */
        long end() {
            return size == 0 ? start : ends[size - 1];
        }
    }

    /**
     * Refuses to resume a run that wrote its plans in another form than {@code format}: the new plans would go beside
     * the old ones. Nothing when there is no journal, or it names the same form.
     */
    static void checkSameFormat(OutputDirectory dir, String format) throws IOException {
        FileChannel channel = dir.read(NAME);
        if (channel == null) return;
        try (BufferedReader in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8))) {
            String found = in.readLine();
            if (found == null || !found.startsWith(HEADER + " ")) return;
            String earlierFormat = found.substring(found.lastIndexOf(' ') + 1);
            if (!earlierFormat.equals(format)) {
                throw new IOException("the run there wrote its plans as " + earlierFormat + "; resume it with the"
                        + " same --format and --detail, or run without --resume to start again");
            }
        }
    }

    /** The entries of an earlier run with the same rules and format; none when there is no such journal. */
    static Entries read(OutputDirectory dir, String rulesVersion, String format) throws IOException {
        FileChannel channel = dir.read(NAME);
        if (channel == null) return Entries.none();
        LongMap done = new LongMap();
        long[] fingerprints = new long[1024];
        long[] spans = new long[1024];
        long[] ends = new long[1024];
        int size = 0;
        long offset;
        try (BufferedReader in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 1 << 16)) {
            String header = header(rulesVersion, format);
            if (!header.equals(in.readLine())) return Entries.none();
            long start = header.length() + 1;
            offset = start;
            String line;
            while ((line = in.readLine()) != null) {
                // A line cut short by a kill or a full disk lacks the closing " ." and ends the journal.
                if (!line.endsWith(END_OF_ENTRY)) break;
                String[] fields = line.substring(0, line.length() - END_OF_ENTRY.length()).split(" ");
                if (fields.length != 4) break;
                long fingerprint;
                long span;
                try {
                    fingerprint = Long.parseUnsignedLong(fields[0], 16);
                    Long.parseUnsignedLong(fields[1], 16);
                    span = span(Long.parseLong(fields[2]), Long.parseLong(fields[3]));
                } catch (NumberFormatException e) {
                    break;
                }
                if (span < 0) break;
                offset += line.length() + 1;
                if (size == fingerprints.length) {
                    fingerprints = Arrays.copyOf(fingerprints, size * 2);
                    spans = Arrays.copyOf(spans, size * 2);
                    ends = Arrays.copyOf(ends, size * 2);
                }
                fingerprints[size] = fingerprint;
                spans[size] = span;
                ends[size] = offset;
                size++;
                done.put(fingerprint, span);
            }
            return new Entries(true, done, fingerprints, spans, ends, size, start);
        }
    }

    /**
     * The journal of this run: the earlier one continued after its last whole entry when {@code earlier} matches
     * this run's rules and format, or a new one (whatever was at its name, a file or a planted link, replaced).
     */
    static Journal open(OutputDirectory dir, String rulesVersion, String format, Entries earlier) throws IOException {
        if (earlier.matches()) {
            FileChannel channel = dir.openToWrite(NAME);
            channel.truncate(earlier.end());
            channel.position(earlier.end());
            return new Journal(channel);
        }
        Journal journal = new Journal(dir.create(NAME));
        journal.pending.append(header(rulesVersion, format)).append('\n');
        return journal;
    }

    private static String header(String rulesVersion, String format) {
        return HEADER + " " + rulesVersion + " " + format;
    }

    /** Notes a plan written; it reaches the file at the next {@link #flush}. */
    void done(long inputFingerprint, long idFingerprint, long span) {
        pending.append(Long.toHexString(inputFingerprint)).append(' ').append(Long.toHexString(idFingerprint))
                .append(' ').append(start(span)).append(' ').append(length(span)).append(END_OF_ENTRY).append('\n');
    }

    /** Forgets every entry after {@code offset} (a resumed run whose input no longer matches the earlier one). */
    void truncate(long offset) throws IOException {
        flush();
        out.truncate(offset);
        out.position(offset);
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
