package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.backcare.Planner;
import org.backcare.batch.BatchException;
import org.backcare.batch.BatchOptions;
import org.backcare.batch.BatchResult;
import org.backcare.batch.BatchRunner;
import org.backcare.batch.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare batch INPUT... --out DIR}: plan every profile in files and directories. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Plan every profile in the given files and directories (.json, .yaml, .yml, and .jsonl with"
            + " one profile per line) into DIR, with a summary.json of what was planned and what failed and why."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every profile was planned", "1:some profiles failed (the rest were planned)",
            "2:invalid usage, rules or output directory, or another run is writing to DIR (nothing done)",
            "3:stopped part way (a full disk, rules that hang again and again, a signal); summary.json says what"
                + " was done, and --resume finishes"})
final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Profile files, or directories to search.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the plans.")
    Path out;

    @Mixin
    RulesOption rules;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json: one <id>.plan.json per profile (default); jsonl: one plans.jsonl for big jobs.")
    BatchOptions.Format format = BatchOptions.Format.JSON;

    @Option(names = "--detail", paramLabel = "DETAIL",
            description = "full: every plan whole (default); compact: each recommendation as its id, rank, rule,"
                + " because and evidence ids, with the advice texts and citations once in DIR/advice.json.")
    BatchOptions.Detail detail = BatchOptions.Detail.FULL;

    @Option(names = "--threads", paramLabel = "N", description = "Planning threads (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--resume", description = "Keep the plans an earlier, interrupted run wrote for the same profile"
            + " bytes and rules; plan the rest. The output is what a clean run on the current input writes.")
    boolean resume;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1 || threads > Main.MAX_THREADS) {
            err.println("backcare: --threads must be from 1 to " + Main.MAX_THREADS + ", got " + threads);
            err.println("Try 'backcare batch --help' for usage.");
            return Main.INVALID;
        }
        java.time.Duration limit = rules.timeLimit();
        Planner planner = rules.planner();
        BatchOptions options = new BatchOptions(inputs, out, format, threads, resume, limit, detail);
        BatchResult result;
        try (Progress progress = quiet || System.console() == null ? Progress.NONE : new Bar(inputs)) {
            BatchRunner runner = new BatchRunner(planner);
            Main.onStop(runner::stopBySignal);
            result = runner.run(options, progress);
        } catch (BatchException e) {
            err.println("backcare: " + e.getMessage());
            return e.nothingDone() ? Main.INVALID : Main.STOPPED;
        }
        err.printf(Locale.ROOT, "%d of %d profiles planned%s%s in %.1f s (%.0f/s); summary in %s%n",
                result.planned(), result.read(),
                result.resumed() > 0 ? " (" + result.resumed() + " from an earlier run)" : "",
                result.failed() > 0 ? ", " + result.failed() + " failed" : "",
                result.seconds(), result.read() / Math.max(result.seconds(), 1e-9),
                out.resolve(BatchRunner.SUMMARY));
        return result.failed() == 0 ? Main.OK : Main.SOME_FAILED;
    }

    /** A progress bar on the terminal: profiles done, rate and time left. */
    private static final class Bar implements Progress {
        private final ProgressBar bar;

        Bar(List<Path> inputs) {
            bar = new ProgressBarBuilder()
                    .setTaskName("Planning")
                    .setInitialMax(BatchRunner.countProfiles(inputs))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .showSpeed()
                    .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                    .setMaxRenderedLength(100)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build();
        }

        @Override
        public void step() {
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
