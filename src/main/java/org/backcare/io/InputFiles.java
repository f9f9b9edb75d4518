package org.backcare.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.backcare.files.InputFile;

/** The files that command-line inputs name. */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * The inputs, with each directory replaced by the files below it that {@code wanted} accepts, in name order.
     * Files are kept as given, so that a wrong or missing file is reported rather than skipped; a directory that
     * cannot be listed is kept too, and fails when it is read. In a directory, every entry that is not a regular file
     * or a directory (a FIFO, a device, a dangling or looping link, a link to a directory, which is not followed) is
     * kept as well, whatever its name, so that it is reported rather than skipped silently or waited on.
     */
    public static List<Path> expand(List<Path> inputs, Predicate<Path> wanted) {
        List<Path> found = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                found.add(input);
                continue;
            }
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(path -> !path.equals(input))
                        .filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                        .filter(path -> InputFile.notRegular(path) != null || wanted.test(path))
                        .sorted().forEach(found::add);
            } catch (IOException | UncheckedIOException e) {
                found.add(input);
            }
        }
        return found;
    }
}
