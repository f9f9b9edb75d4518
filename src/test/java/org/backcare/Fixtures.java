package org.backcare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;

/** Shared test fixtures: one planner with the built-in rules (compiling them takes a second), and profiles from YAML. */
public final class Fixtures {
    private static final ProfileReader READER = new ProfileReader();

    private Fixtures() {
    }

    /** The planner with the built-in rules, built once for the whole test run. */
    public static Planner planner() {
        return Holder.PLANNER;
    }

    /** A valid profile from YAML sections; {@code id: test-person} and {@code age: 40} are added when missing. */
    public static Profile profile(String yaml) {
        String text = yaml.stripIndent();
        if (!text.matches("(?s)(.*\n)?id:.*")) text = "id: test-person\n" + text;
        if (!text.matches("(?s)(.*\n)?age:.*")) text = "age: 40\n" + text;
        try {
            return READER.parse("test.yaml", text, ProfileReader.Format.YAML);
        } catch (InvalidProfileException e) {
            throw new AssertionError("the test profile is invalid:\n" + e.getMessage(), e);
        }
    }

    /** The plan of a profile given as YAML sections. */
    public static Plan plan(String yaml) {
        return planner().plan(profile(yaml));
    }

    /** The ids of a plan's recommendations, best first. */
    public static List<String> ids(Plan plan) {
        return plan.recommendations().stream().map(Recommendation::id).toList();
    }

    /** The recommendation with this id; fails when the plan does not have it. */
    public static Recommendation recommendation(Plan plan, String id) {
        return plan.recommendations().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no recommendation " + id + " in " + ids(plan)));
    }

    /** The example profile files in {@code profiles/}, sorted. */
    public static List<Path> exampleProfiles() {
        try (Stream<Path> files = Files.list(Path.of("profiles"))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of the repository's {@code rules/} in {@code dir}/rules, to edit or break in a test. */
    public static Path copyOfRules(Path dir) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName().toString()));
            }
        }
        return copy;
    }

    /** An action that waits for ever, until its thread is interrupted (a rule set that hangs, for tests). */
    public static final String WAIT_FOR_EVER = "synchronized ($profile) { $profile.wait(); }";

    /**
     * A copy of the repository's rules with one more rule in a file of its own, {@code name.drl}: when a
     * {@code $profile : Profile(condition)}, then {@code action}.
     */
    public static Path copyOfRulesWith(Path dir, String name, String condition, String action) throws IOException {
        Path rules = copyOfRules(dir);
        Files.writeString(rules.resolve(name + ".drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;

                rule "%s: a rule added by a test"
                when
                    $profile : Profile(%s)
                then
                    %s
                end
                """.formatted(name, condition, action));
        return rules;
    }

    /** Replaces text in a file, failing when the text is not there (so that a test cannot silently test nothing). */
    public static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) throw new AssertionError("test setup: " + file + " does not contain: " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private static final class Holder {
        static final Planner PLANNER = Planner.builtIn();
    }
}
