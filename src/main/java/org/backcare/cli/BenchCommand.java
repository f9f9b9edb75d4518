package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backcare.Planner;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backcare bench [FILE|DIR...]}: how many plans per second the library makes here, and where the time goes.
 *
 * <p>Method: the profiles are read into memory once. Each stage then runs on {@code --threads} threads, cycling
 * through the profiles, first for {@code --warmup} seconds (not counted, so the JIT compiles the hot paths) and then
 * for {@code --seconds} seconds, counting completed operations. All stages run in one process, one after another,
 * so their ratios compare like with like; absolute figures swing with the load of a shared machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure plans per second through the library API, by stage (see the method in the source).")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Profiles or directories (default: profiles).")
    List<Path> inputs = List.of(Path.of("profiles"));

    @Option(names = "--threads", description = "Threads (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seconds", description = "Seconds measured per stage (default: ${DEFAULT-VALUE}).")
    double seconds = 5;

    @Option(names = "--warmup", description = "Seconds of warm-up per stage (default: ${DEFAULT-VALUE}).")
    double warmup = 3;

    @Mixin
    RulesOption rules;

    /** One unit of work on the profile at an index. */
    private interface Stage {
        Object run(int index) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1 || threads > Main.MAX_THREADS) {
            spec.commandLine().getErr().println("backcare: --threads must be from 1 to " + Main.MAX_THREADS + ", got "
                    + threads);
            return Main.INVALID;
        }
        ProfileReader reader = new ProfileReader();
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        List<ProfileReader.Format> formats = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        for (Path file : ProfileFiles.find(inputs)) {
            try {
                profiles.add(reader.read(file));
            } catch (InvalidProfileException e) {
                continue;
            }
            names.add(file.toString());
            contents.add(Files.readAllBytes(file));
            formats.add(ProfileReader.Format.of(file));
        }
        if (profiles.isEmpty()) {
            spec.commandLine().getErr().println("backcare: no valid profiles to measure in " + inputs);
            return Main.INVALID;
        }
        long start = System.nanoTime();
        Planner planner = rules.planner();
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        PlanWriter writer = new PlanWriter();
        List<Plan> plans = new ArrayList<>();
        for (Profile profile : profiles) plans.add(planner.plan(profile));

        out.printf(Locale.ROOT, "%d profiles, %d threads, %.0f s warm-up + %.0f s measured per stage%n",
                profiles.size(), threads, warmup, seconds);
        out.printf(Locale.ROOT, "rules loaded and compiled in %.2f s%n", loadSeconds);
        out.flush();
        double parse = measure(out, "parse only", i -> reader.parse(names.get(i), contents.get(i), formats.get(i)),
                profiles.size());
        double parseSerialise = measure(out, "parse + serialise (no rules)",
                i -> {
                    reader.parse(names.get(i), contents.get(i), formats.get(i));
                    return writer.toJsonBytes(plans.get(i));
                }, profiles.size());
        double plan = measure(out, "plan only", i -> planner.plan(profiles.get(i)), profiles.size());
        double all = measure(out, "parse + plan + serialise",
                i -> writer.toJsonBytes(planner.plan(reader.parse(names.get(i), contents.get(i), formats.get(i)))),
                profiles.size());
        out.printf(Locale.ROOT, "parse + plan + serialise costs %.2f times parse + serialise alone%n",
                parseSerialise / all);
        out.printf(Locale.ROOT, "plan only: %.1f µs per plan per thread; parse only: %.1f µs%n",
                1e6 * threads / plan, 1e6 * threads / parse);
        out.flush();
        return Main.OK;
    }

    /** Runs a stage, prints its rate and returns operations per second over all threads. */
    private double measure(PrintWriter out, String name, Stage stage, int count) throws Exception {
        run(stage, count, warmup);
        double rate = run(stage, count, seconds);
        out.printf(Locale.ROOT, "%-30s %,12.0f /s%n", name, rate);
        out.flush();
        return rate;
    }

    private double run(Stage stage, int count, double duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    long operations = 0;
                    for (int i = offset; !stop.get(); i++) {
                        // Using each result keeps the JIT from dropping the work as dead code.
                        Objects.requireNonNull(stage.run(i % count));
                        operations++;
                    }
                    return operations;
                }));
            }
            Thread.sleep((long) (duration * 1000));
            stop.set(true);
            long total = 0;
            for (Future<Long> future : done) total += future.get();
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
