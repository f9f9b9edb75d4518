package org.backcare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.backcare.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backcare plan} in a process of its own, as a user runs it: there the built-in rules start loading on a
 * thread of their own as the process starts (the in-process tests never take that path).
 */
class PlanProcessTest {
    private static final String PROFILE = "profiles/maria-desk-worker.yaml";
    private static final String TITLE = "Get support to cut back on smoking";

    @TempDir
    Path dir;

    /** {@code backcare ARGS} in a new JVM with the test's class path: its exit code, stdout and stderr. */
    private Commands.Result backcare(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dslf4j.internal.verbosity=WARN",
                "-cp", System.getProperty("java.class.path"), "org.backcare.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the command ends").isTrue();
        return new Commands.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void printsThePlanThatTheLibraryMakes() throws Exception {
        Commands.Result inProcess = Commands.run("plan", PROFILE);

        Commands.Result process = backcare("plan", PROFILE);

        assertThat(process.code()).as(process.err()).isZero();
        assertThat(process.err()).isEmpty();
        assertThat(process.out()).isEqualTo(inProcess.out()).contains(TITLE);
    }

    @Test
    void otherRulesAreUsedInsteadOfTheBuiltInOnesInEitherSpelling() throws Exception {
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("advice.yaml"), "title: " + TITLE, "title: Cut back on smoking, with help");

        for (List<String> option : List.of(List.of("--rules", rules.toString()), List.of("--rules=" + rules))) {
            List<String> args = new ArrayList<>(List.of("plan", PROFILE));
            args.addAll(option);
            Commands.Result process = backcare(args.toArray(String[]::new));

            assertThat(process.code()).as(process.err()).isZero();
            assertThat(process.out()).contains("Cut back on smoking, with help").doesNotContain(TITLE);
        }
    }

    @Test
    void aMissingProfileIsAUsageErrorWhileTheRulesStillLoad() throws Exception {
        Commands.Result process = backcare("plan", dir.resolve("missing.yaml").toString());

        assertThat(process.code()).isEqualTo(Main.INVALID);
        assertThat(process.out()).isEmpty();
        assertThat(process.err()).contains("missing.yaml").doesNotContain("Exception");
    }

    /** The attacks on the rule-set check, as a user meets them: nothing runs, and the place is named. */
    @Test
    void aRuleSetThatHidesCodeFromTheCheckIsRefusedAndRunsNothing() throws Exception {
        Path marker = dir.resolve("ran");
        Path rules = Fixtures.copyOfRules(dir);
        // an MVEL action with a string left open across a line, then a comment opener
        Files.writeString(rules.resolve("hidden.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;

                rule "hidden"
                    dialect "mvel"
                when
                    $profile : Profile()
                then
                    s = "a
                /*"; Runtime.getRuntime().exec(new String[] {"touch", "%s"}); t = "*/";
                end
                """.formatted(marker));
        // the code source of a fact's class, which no list of names covers
        Path others = Fixtures.copyOfRules(Files.createDirectories(dir.resolve("others")));
        Files.writeString(others.resolve("reflective.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;
                import org.backcare.profile.SmokingStatus;

                rule "reflective"
                when
                    $profile : Profile()
                then
                    var in = SmokingStatus.CURRENT.getDeclaringClass().getProtectionDomain().getCodeSource()
                            .getLocation().toURI().resolve("%s").toURL().openStream();
                end
                """.formatted(marker));

        Commands.Result check = backcare("rules", "--check", "--rules", rules.toString());
        Commands.Result plan = backcare("plan", PROFILE, "--rules", rules.toString());
        // the second rule set compiles (seconds): once, by plan, which prints the same problems as rules --check
        Commands.Result reflective = backcare("plan", PROFILE, "--rules", others.toString());

        assertThat(check.code()).as(check.err()).isEqualTo(2);
        assertThat(check.err()).contains(rules.resolve("hidden.drl") + ":9: a string that is not closed on its line");
        for (Commands.Result refused : List.of(plan, reflective)) {
            assertThat(refused.code()).as(refused.err()).isEqualTo(2);
            assertThat(refused.out()).isEmpty();
        }
        assertThat(reflective.err()).contains(others.resolve("reflective.drl")
                + ":9: the compiled rules call java.lang.Enum.getDeclaringClass");
        assertThat(marker).doesNotExist();
    }
}
