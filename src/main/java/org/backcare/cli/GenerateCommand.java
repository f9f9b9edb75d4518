package org.backcare.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.backcare.generate.ProfileGenerator;
import org.backcare.io.IoErrors;
import org.backcare.profile.ProfileWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backcare generate --count N [--seed S] --out FILE.jsonl}: write varied, valid, realistic profiles. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write generated profiles as JSON Lines, one per line (the same seed gives the same file).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--count", required = true, paramLabel = "N", description = "How many profiles.")
    long count;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .jsonl file to write.")
    Path out;

    @Override
    public Integer call() {
        if (count < 0) throw new ParameterException(spec.commandLine(), "--count must be 0 or more, got " + count);
        ProfileWriter writer = new ProfileWriter();
        ProfileGenerator generator = new ProfileGenerator(seed);
        Path target = out.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (BufferedWriter lines = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                for (long i = 0; i < count; i++) {
                    lines.write(writer.toJsonLine(generator.profile(i)));
                    lines.write('\n');
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write already failed; its message is the one to show
            }
            spec.commandLine().getErr().println("backcare: cannot write " + out + ": " + IoErrors.describe(e));
            return Main.INVALID;
        }
        spec.commandLine().getErr().println(count + " profiles written to " + out);
        return Main.OK;
    }
}
