package org.backcare.cli;

import java.util.Arrays;
import java.util.Set;
import org.backcare.Planner;
import org.backcare.run.Meanwhile;

/**
 * The planner with the built-in rules, for a command-line process: its commands that plan one profile start loading
 * the rules (about a third of a second) on a thread of their own as the process starts, so that the loading overlaps
 * reading the command line and the profile (BENCHMARKS.md, cold start). Only {@link Main#main} starts it; anywhere
 * else (tests, an app embedding {@link Main#run}) the rules load when a command asks for them, on its thread.
 */
final class BuiltInPlanner {
    /** The commands worth it: short ones that plan with the rules and are run one profile at a time. */
    private static final Set<String> COMMANDS = Set.of("plan", "report", "fhir");
    /** The loading started by {@link #startLoading}, or null. */
    private static volatile Meanwhile<Planner> loading;

    private BuiltInPlanner() {
    }

    /**
     * Starts loading the built-in rules when {@code args} name a command that will use them (the first argument that
     * is not an option): one of {@link #COMMANDS}, without {@code --rules} (other rules) and without help or version
     * options (no planning at all).
     */
    static void startLoading(String[] args) {
        boolean planning = COMMANDS.contains(Main.commandName(args)) && Arrays.stream(args).noneMatch(arg ->
                arg.equals("--rules") || arg.startsWith("--rules=") || arg.equals("-h") || arg.equals("--help")
                        || arg.equals("-V") || arg.equals("--version"));
        if (planning) loading = Meanwhile.start("backcare-rules-loader", Planner::builtIn);
    }

    /** The planner with the built-in rules: the one loading since the start, or one loaded now. */
    static Planner get() {
        Meanwhile<Planner> started = loading;
        return started == null ? Planner.builtIn() : started.get();
    }
}
