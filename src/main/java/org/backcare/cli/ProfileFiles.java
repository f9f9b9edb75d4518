package org.backcare.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backcare.profile.ProfileReader;

/** The profile files that command-line inputs name. */
final class ProfileFiles {
    private ProfileFiles() {
    }

    /**
     * The inputs, with each directory replaced by the {@code .json}, {@code .yaml} and {@code .yml} files below it in
     * name order. Files are kept as given, so that a wrong or missing file is reported rather than skipped; a
     * directory that cannot be listed is kept too, and fails when it is read.
     */
    static List<Path> find(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                files.add(input);
                continue;
            }
            try (Stream<Path> found = Files.walk(input)) {
                found.filter(Files::isRegularFile)
                        .filter(path -> ProfileReader.Format.of(path) != null)
                        .sorted()
                        .forEach(files::add);
            } catch (IOException | UncheckedIOException e) {
                files.add(input);
            }
        }
        return files;
    }
}
