package org.backcare.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reading input files that may be hostile: only regular files are read (never a FIFO, which would wait forever, or a
 * device such as {@code /dev/zero}, which never ends), and never more than a bound, whatever {@code Files.size} says.
 */
public final class InputFile {
    private InputFile() {
    }

    /** Thrown when a file holds more than the bound. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        private final long size;

        TooLarge(int limit, long size) {
            super("more than " + limit + " bytes");
            this.size = size;
        }

        /** How the file was found too large, in words: its size as the file system gives it, read after the bound. */
        public String describe(int limit) {
            return tooLarge(size > limit ? size + " bytes" : "more than " + limit + " bytes", limit);
        }

        /** As {@link #describe(int)}, for a file expected to be {@code what} ("a FHIR Bundle") rather than a profile. */
        public String describe(int limit, String what) {
            return "the file has " + (size > limit ? size + " bytes" : "more than " + limit + " bytes") + "; expected "
                    + what + " of at most " + limit;
        }
    }

    /** Why a file of {@code size} (in words: "70000 bytes") is not read as a profile of at most {@code limit} bytes. */
    public static String tooLarge(String size, int limit) {
        return "the file has " + size + "; expected a profile of at most " + limit;
    }

    /**
     * Why {@code path} is not a regular file to read, in words, or {@code null} when it is one (or does not exist,
     * which the caller reports as it does today). A symbolic link to a regular file is read.
     */
    public static String notRegular(Path path) {
        boolean link = Files.isSymbolicLink(path);
        if (link && !Files.exists(path)) {
            return "a symbolic link that leads nowhere (dangling, or a loop); expected a profile file";
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return null;
        if (Files.isRegularFile(path)) return null;
        if (Files.isDirectory(path)) {
            return link ? "a symbolic link to a directory, which is not followed; name the directory itself"
                    : "a directory";
        }
        return "not a regular file (a FIFO, device or socket); expected a profile file";
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The bytes of a regular file, reading at most {@code limit} of them.
     *
     * @throws TooLarge when the file holds more than {@code limit} bytes
     */
    public static byte[] readAtMost(Path path, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) throw new TooLarge(limit, sizeOf(path));
            return Arrays.copyOf(bytes, bytes.length);
        }
    }
}
