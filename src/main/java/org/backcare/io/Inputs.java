package org.backcare.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.backcare.files.InputFile;
import org.backcare.profile.ProfileReader;

/**
 * The profiles in a batch's inputs, read one at a time so that memory stays flat however many there are: each
 * {@code .json}, {@code .yaml} and {@code .yml} file is one profile, each non-blank line of a {@code .jsonl} file is
 * one. Directories are searched recursively, in name order. A file that cannot be read, has another extension (when
 * named directly) or is too large, and a line that is too long, become inputs with a problem, so that nothing is
 * lost silently. Not thread-safe: one thread reads.
 */
public final class Inputs implements Iterator<Input>, AutoCloseable {
    private final Iterator<Path> files;
    private long sequence;
    private JsonLines lines;
    private Input next;

    public Inputs(List<Path> inputs) {
        this.files = expand(inputs).iterator();
    }

    /** Counts the profiles in the inputs without keeping them (for a progress bar's total). */
    public static long count(List<Path> inputs) {
        long total = 0;
        for (Path file : expand(inputs)) {
            total += isJsonLines(file) && InputFile.notRegular(file) == null ? JsonLines.countLines(file) : 1;
        }
        return total;
    }

    /** The files the inputs name: files as given, directories replaced by the profile files below them. */
    public static List<Path> expand(List<Path> inputs) {
        return InputFiles.expand(inputs, Inputs::isProfileFile);
    }

    public static boolean isProfileFile(Path file) {
        return ProfileReader.Format.of(file) != null || isJsonLines(file);
    }

    public static boolean isJsonLines(Path file) {
        return file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (lines != null) {
                next = lines.next(sequence);
                if (next != null) break;
                lines.close();
                lines = null;
            }
            if (!files.hasNext()) return false;
            next = open(files.next());
        }
        return true;
    }

    @Override
    public Input next() {
        if (!hasNext()) throw new NoSuchElementException();
        Input input = next;
        next = null;
        sequence++;
        return input;
    }

    /** The input for a whole-file profile, or {@code null} after opening a {@code .jsonl} file for its lines. */
    private Input open(Path file) {
        Input whole = whole(sequence, file);
        if (whole != null) return whole;
        try {
            lines = new JsonLines(file);
            return null;
        } catch (IOException e) {
            return failed(file.toString(), "cannot be read: " + IoErrors.describe(e));
        }
    }

    /**
     * A file of the inputs as batch reads it, when it is not a {@code .jsonl} file to read line by line ({@code null}
     * then): a whole-file profile, or the problem that keeps it from being read (not a regular file, too large, not a
     * profile file, unreadable).
     */
    public static Input whole(long sequence, Path file) {
        String source = file.toString();
        String irregular = InputFile.notRegular(file);
        if (irregular != null && !irregular.equals("a directory")) {
            return new Input(sequence, source, 0, null, null, irregular);
        }
        if (Files.isDirectory(file)) return new Input(sequence, source, 0, null, null, "cannot list the directory");
        if (isJsonLines(file)) return null;
        ProfileReader.Format format = ProfileReader.Format.of(file);
        String problem;
        if (format == null) {
            problem = "expected a file ending in .json, .yaml, .yml or .jsonl";
        } else {
            try {
                return new Input(sequence, source, 0, InputFile.readAtMost(file, ProfileReader.MAX_BYTES), format,
                        null);
            } catch (InputFile.TooLarge e) {
                problem = e.describe(ProfileReader.MAX_BYTES);
            } catch (IOException e) {
                problem = Files.exists(file) ? "cannot be read: " + IoErrors.describe(e) : "no such file";
            }
        }
        return new Input(sequence, source, 0, null, null, problem);
    }

    private Input failed(String source, String problem) {
        return new Input(sequence, source, 0, null, null, problem);
    }

    @Override
    public void close() {
        if (lines != null) lines.close();
        lines = null;
    }

    /** Whether the first {@code length} bytes of a line of a {@code .jsonl} file are blank: not a profile. */
    public static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') return false;
        }
        return true;
    }

    /** Why a line of a {@code .jsonl} file of {@code length} bytes is not read: longer than a profile may be. */
    public static String lineTooLong(long length) {
        return "the line has " + length + " bytes; expected a profile of at most " + ProfileReader.MAX_BYTES;
    }

    /** The non-blank lines of a {@code .jsonl} file, each at most the size of a profile. */
    static final class JsonLines implements AutoCloseable {
        private final Path file;
        private final InputStream in;
        private final byte[] chunk = new byte[1 << 16];
        private int position;
        private int limit;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
        private int lineNumber;
        private boolean done;

        JsonLines(Path file) throws IOException {
            this.file = file;
            this.in = Files.newInputStream(file);
        }

        /** The next non-blank line as an input, or {@code null} at the end of the file. */
        Input next(long sequence) {
            try {
                while (!done) {
                    line.reset();
                    long length = 0;
                    boolean ended = false;
                    while (!ended) {
                        if (position == limit && !fill()) break;
                        int start = position;
                        while (position < limit && chunk[position] != '\n') position++;
                        int n = position - start;
                        if (length + n <= ProfileReader.MAX_BYTES) line.write(chunk, start, n);
                        length += n;
                        if (position < limit) {
                            position++;
                            ended = true;
                        }
                    }
                    if (!ended && length == 0) {
                        done = true;
                        return null;
                    }
                    lineNumber++;
                    if (length > ProfileReader.MAX_BYTES) {
                        return new Input(sequence, file.toString(), lineNumber, null, null, lineTooLong(length));
                    }
                    byte[] content = line.toByteArray();
                    if (!isBlank(content, content.length)) {
                        return new Input(sequence, file.toString(), lineNumber, content, ProfileReader.Format.JSON,
                                null);
                    }
                }
                return null;
            } catch (IOException e) {
                done = true;
                return new Input(sequence, file.toString(), lineNumber + 1, null, null,
                        "cannot be read: " + IoErrors.describe(e));
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(chunk);
            if (n <= 0) {
                done = true;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }

        /** The non-blank lines of a file, counted without keeping them. */
        static long countLines(Path file) {
            long count = 0;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] chunk = new byte[1 << 16];
                boolean content = false;
                int n;
                while ((n = in.read(chunk)) != -1) {
                    for (int i = 0; i < n; i++) {
                        if (chunk[i] == '\n') {
                            if (content) count++;
                            content = false;
                        } else if (chunk[i] != ' ' && chunk[i] != '\t' && chunk[i] != '\r') {
                            content = true;
                        }
                    }
                }
                if (content) count++;
            } catch (IOException e) {
                count++;
            }
            return count;
        }


        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // nothing more will be read from it
            }
        }
    }
}
