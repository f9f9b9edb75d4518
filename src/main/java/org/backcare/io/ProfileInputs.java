package org.backcare.io;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;

/**
 * Every profile in files and directories, as batch reads them ({@code .json}, {@code .yaml}, {@code .yml}, and each
 * line of a {@code .jsonl} file), one at a time, for commands that go through a population (report, diff).
 */
public final class ProfileInputs {
    private ProfileInputs() {
    }

    /**
     * One profile read, or why it could not be.
     *
     * @param where the file, or {@code file:line} in a {@code .jsonl} file
     * @param profile the profile, or {@code null} when it is invalid
     * @param problems what is wrong with it, one line each; empty when it is valid
     */
    public record Read(String where, Profile profile, List<String> problems) {
    }

    /** Reads each profile in turn and hands it, valid or not, to {@code action}. */
    public static void forEach(List<Path> inputs, Consumer<Read> action) {
        ProfileReader reader = new ProfileReader();
        try (Inputs all = new Inputs(inputs)) {
            while (all.hasNext()) {
                Input input = all.next();
                if (input.problem() != null) {
                    action.accept(new Read(input.where(), null, List.of(input.where() + ": " + input.problem())));
                    continue;
                }
                try {
                    action.accept(new Read(input.where(), reader.parse(input.where(), input.content(), input.format()),
                            List.of()));
                } catch (InvalidProfileException e) {
                    action.accept(new Read(input.where(), null, e.problems().stream().map(Problem::toString).toList()));
                }
            }
        }
    }
}
