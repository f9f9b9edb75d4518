package org.backcare.cli;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.backcare.Planner;

/**
 * The planner with the built-in rules, for a command-line process: {@code plan} and {@code report} start loading
 * the rules (about a third of a second) on a thread of their own as the process starts, so that the loading overlaps
 * reading the command line and the profiles (BENCHMARKS.md, cold start). Only {@link Main#main} starts it; anywhere
 * else (tests, an app embedding {@link Main#run}) the rules load when a command asks for them, on its thread.
 */
final class BuiltInPlanner {
    /** The commands worth it: short ones that always plan, with the built-in rules unless told otherwise. */
    private static final Set<String> COMMANDS = Set.of("plan", "report");
    /** The options after which the command does not use the built-in rules: other rules, or help or version only. */
    private static final Set<String> NOT_PLANNING = Set.of("--rules", "-h", "--help", "-V", "--version");
    /** The loading started by {@link #startLoading}, or null. */
    private static volatile CompletableFuture<Planner> loading;

    private BuiltInPlanner() {
    }

    /**
     * Whether the command line {@code args} will plan with the built-in rules: a command of {@link #COMMANDS}, and
     * none of the options {@link #NOT_PLANNING} (also as {@code --rules=DIR}). A wrong guess costs time, never the
     * wrong rules: the command asks for the rules it was given.
     */
    static boolean willPlanWithBuiltInRules(String[] args) {
        return COMMANDS.contains(Main.commandName(args)) && Arrays.stream(args)
                .noneMatch(arg -> NOT_PLANNING.contains(arg.startsWith("--") ? arg.split("=", 2)[0] : arg));
    }

    /** Starts loading the built-in rules on a daemon thread when {@code args} will use them. */
    static void startLoading(String[] args) {
        if (!willPlanWithBuiltInRules(args)) return;
        loading = CompletableFuture.supplyAsync(Planner::builtIn, work -> {
            Thread thread = new Thread(work, "backcare-rules-loader");
            thread.setDaemon(true);   // a command that ends early does not wait for rules it no longer needs
            thread.start();
        });
    }

    /** The planner with the built-in rules: the one loading since the start, or one loaded now. */
    static Planner get() {
        CompletableFuture<Planner> started = loading;
        return started == null ? Planner.builtIn() : joined(started);
    }

    /** The result of {@code loading}, once loaded; what loading threw is thrown here, as if loaded on this thread. */
    static <T> T joined(CompletableFuture<T> loading) {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            if (e.getCause() instanceof Error cause) throw cause;
            throw e;
        }
    }
}
