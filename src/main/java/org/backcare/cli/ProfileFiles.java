package org.backcare.cli;

import java.nio.file.Path;
import java.util.List;
import org.backcare.batch.InputFiles;
import org.backcare.profile.ProfileReader;

/** The profile files that command-line inputs name. */
final class ProfileFiles {
    private ProfileFiles() {
    }

    /** The inputs, with each directory replaced by the .json, .yaml and .yml files below it, in name order. */
    static List<Path> find(List<Path> inputs) {
        return InputFiles.expand(inputs, path -> ProfileReader.Format.of(path) != null);
    }
}
