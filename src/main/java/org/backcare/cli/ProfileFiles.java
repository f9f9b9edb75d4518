package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.backcare.io.InputFiles;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;

/** The profile files that command-line inputs name. */
final class ProfileFiles {
    private ProfileFiles() {
    }

    /** The profile in {@code file}, or empty after printing each of its problems to {@code err}. */
    static Optional<Profile> readOne(Path file, PrintWriter err) {
        try {
            return Optional.of(new ProfileReader().read(file));
        } catch (InvalidProfileException e) {
            for (Problem problem : e.problems()) err.println("backcare: " + problem);
            return Optional.empty();
        }
    }

    /** The inputs, with each directory replaced by the .json, .yaml and .yml files below it, in name order. */
    static List<Path> find(List<Path> inputs) {
        return InputFiles.expand(inputs, path -> ProfileReader.Format.of(path) != null);
    }
}
