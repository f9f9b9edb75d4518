package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.backcare.io.ProfileInputs;

/** {@code backcare validate FILE...}: check profiles, one line per problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check profiles against the profile format.",
            "Prints one line per problem (file, field path, what was expected) on stdout and a summary on stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every profile is valid", "1:some profiles are invalid", "2:invalid usage"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Profiles (.json, .yaml, .yml, and .jsonl with one per line), or directories to search.")
    List<Path> inputs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] counts = new int[2];
        ProfileInputs.forEach(inputs, read -> {
            counts[read.profile() == null ? 1 : 0]++;
            read.problems().forEach(out::println);
        });
        int valid = counts[0];
        int invalid = counts[1];
        out.flush();
        int checked = valid + invalid;
        err.println(checked + (checked == 1 ? " profile" : " profiles") + " checked: " + valid + " valid, "
                + invalid + " invalid");
        return invalid == 0 ? Main.OK : Main.SOME_FAILED;
    }
}
