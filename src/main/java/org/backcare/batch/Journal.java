package org.backcare.batch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a batch has written so far, for {@code --resume}: one line per plan, with the fingerprint of the profile's
 * bytes (under the rules version), where the output stood after it, and a closing {@code .} that shows the line is
 * whole. The first line names the rules version and
 * the output format; a journal for other rules or another format is ignored. Used by one thread.
 */
final class Journal implements AutoCloseable {
    static final String NAME = ".backcare-journal";
    private static final String HEADER = "backcare-journal 1";
    private static final String END_OF_ENTRY = " .";

    private final BufferedWriter out;

    private Journal(BufferedWriter out) {
        this.out = out;
    }

    /**
     * What an earlier run with the same rules and format wrote.
     *
     * @param done fingerprint of each profile's bytes to where the output stood after its plan
     * @param end where the output stood after the last plan noted
     */
    record Entries(LongMap done, long end) {
    }

    /** The entries of an earlier run with the same rules and format; none when there is no such journal. */
    static Entries read(Path dir, String rulesVersion, String format) throws IOException {
        LongMap done = new LongMap();
        long end = 0;
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) return new Entries(done, 0);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (!header(rulesVersion, format).equals(in.readLine())) return new Entries(done, 0);
            String line;
            while ((line = in.readLine()) != null) {
                int space = line.indexOf(' ');
                // A line cut short by a crash (it lacks the closing " .") ends the journal.
                if (space < 0 || !line.endsWith(END_OF_ENTRY)) break;
                try {
                    long position = Long.parseLong(line.substring(space + 1, line.length() - END_OF_ENTRY.length()));
                    done.put(Long.parseUnsignedLong(line.substring(0, space), 16), position);
                    end = Math.max(end, position);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return new Entries(done, end);
    }

    /** Starts a journal: continuing an earlier one, or a fresh one. */
    static Journal open(Path dir, String rulesVersion, String format, boolean resume) throws IOException {
        Path file = dir.resolve(NAME);
        if (resume && Files.isRegularFile(file)) {
            return new Journal(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(header(rulesVersion, format));
        out.newLine();
        return new Journal(out);
    }

    private static String header(String rulesVersion, String format) {
        return HEADER + " " + rulesVersion + " " + format;
    }

    void done(long fingerprint, long position) throws IOException {
        out.write(Long.toHexString(fingerprint));
        out.write(' ');
        out.write(Long.toString(position));
        out.write(END_OF_ENTRY);
        out.newLine();
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
