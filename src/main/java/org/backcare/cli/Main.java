package org.backcare.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import org.backcare.profile.Problem;
import org.backcare.rules.RulesException;

/**
 * The {@code backcare} command line: its commands (plan, validate, batch, report, fhir, serve, review and the rest,
 * as {@code docs/commands.md} lists them), with the exit codes of {@code PLAN.md} (0 success, 1 some inputs failed,
 * 2 invalid usage or input, 3 stopped before the end). Errors are one or two lines on stderr; a Java stack trace only
 * with {@code --debug}.
 */
@Command(name = "backcare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Personalised back-care plans from back-health profiles, by readable rules.")
public final class Main {
    /**
     * The commands, by name, in the order help lists them. Building picocli's model of a command reflects over its
     * annotations, which a short command pays for at every start, so only the command named is built (every command
     * when none is named, for help and usage errors).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();
    /** The most planning threads a command accepts: far more than any machine has cores, far fewer than exhaust memory. */
    static final int MAX_THREADS = 1024;
    /** Success. */
    static final int OK = 0;
    /** Some inputs failed; the rest were done. */
    static final int SOME_FAILED = 1;
    /** Invalid usage or invalid input; nothing was done. */
    static final int INVALID = 2;
    /** The process was stopped before the command ended (a signal, or the rules called exit). */
    static final int STOPPED = 3;

    /**
     * The commands by name. Lambdas rather than constructor references: a lambda's class is loaded when it runs, so
     * a class path without a command's optional libraries (HAPI FHIR, as on a Spark cluster) still runs the others.
     */
    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("plan", () -> new PlanCommand());
        commands.put("validate", () -> new ValidateCommand());
        commands.put("batch", () -> new BatchCommand());
        commands.put("bench", () -> new BenchCommand());
        commands.put("generate", () -> new GenerateCommand());
        commands.put("rules", () -> new RulesCommand());
        commands.put("test-rules", () -> new TestRulesCommand());
        commands.put("diff", () -> new DiffCommand());
        commands.put("report", () -> new ReportCommand());
        commands.put("simulate", () -> new SimulateCommand());
        commands.put("fhir", () -> new FhirCommand());
        commands.put("serve", () -> new ServeCommand());
        commands.put("review", () -> new ReviewCommand());
        commands.put("users", () -> new UsersCommand());
        commands.put("spark", Main::sparkCommand);
        commands.put("help", () -> new CommandLine.HelpCommand());
        return Collections.unmodifiableMap(commands);
    }

    /**
     * The spark command: compiled beside the module (it uses Spark, which names no module), and usable only with
     * Spark on the class path (the launcher adds it for this command; spark-submit brings its own). Without Spark, a
     * command of the same name that says so.
     */
    private static Object sparkCommand() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, Main.class.getClassLoader());
            return Class.forName("org.backcare.cli.SparkCommand").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new NoSpark();
        }
    }

    /** {@code spark} where Spark is not on the class path. */
    @Command(name = "spark", description = "Plan the profiles of JSON Lines or Parquet files on Apache Spark: on every"
            + " core of this machine, or on a cluster under spark-submit.")
    static final class NoSpark implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Unmatched
        java.util.List<String> arguments;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("backcare: Apache Spark is not on the class path: run the spark command"
                    + " through the ./backcare launcher (which adds target/spark-lib) or spark-submit");
            return INVALID;
        }
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show Java stack traces of errors.")
    boolean debug;

    /** Set when the command ends, or when it is one that runs until stopped (a server): stopping it is its end. */
    private static final AtomicBoolean ENDED = new AtomicBoolean();

    /** What the running command does when a signal stops it before its end (a batch says so in its summary). */
    private static final AtomicReference<Runnable> ON_STOP = new AtomicReference<>();

    /** Sets what to do when a signal stops the command before it ends; it runs once, before the process halts. */
    static void onStop(Runnable action) {
        ON_STOP.set(action);
    }

    /** Marks the running command as one that runs until a signal stops it, which is then its normal end. */
    static void runsUntilStopped() {
        ENDED.set(true);
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The process is ending before the command did: a signal, or code in the rules that called exit. Its
            // output is incomplete, so it must not end with the success that exit(0) would report.
            if (ENDED.get()) return;
            Runnable onStop = ON_STOP.get();
            try {
                if (onStop != null) onStop.run();
            } catch (RuntimeException | Error e) {
                // the process is ending: what could not be recorded is lost, the exit code still says so
            }
            System.err.println("backcare: stopped before the command ended (interrupted, or the rules exited);"
                    + " its output is incomplete");
            Runtime.getRuntime().halt(STOPPED);
        }, "backcare-exit-check"));
        BuiltInPlanner.startLoading(args);
        int code = run(args, new PrintWriter(System.out, false, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        ENDED.set(true);
        System.exit(code);
    }

    /** Runs the command line with the given output streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        String named = commandName(args);
        if (COMMANDS.containsKey(named) && !named.equals("help")) {
            cli.addSubcommand(named, COMMANDS.get(named).get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        EnumOptions.register(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> INVALID);
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.setExecutionExceptionHandler(new Failures());
        cli.getCommandSpec().exitCodeOnInvalidInput(INVALID);
        int code = cli.execute(args.length == 0 ? new String[] {"--help"} : args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command {@code args} name: Main's own options take no values, so the first argument not an option. */
    static String commandName(String[] args) {
        return Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst().orElse("");
    }

    /** A usage error: the message, and where to get help. */
    private static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cli = e.getCommandLine();
            PrintWriter err = cli.getErr();
            err.println("backcare: " + e.getMessage());
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
            return INVALID;
        }
    }

    /** An error while running: rule problems one per line, anything else in one line, stack traces on request. */
    private static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
            PrintWriter err = cli.getErr();
            boolean debug = parsed.hasMatchedOption("--debug")
                    || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug"));
            int code;
            if (e instanceof RulesException rules) {
                err.println("backcare: the rules cannot be used:");
                // a rule file's text, quoted in a compiler's message, must not drive the terminal
                rules.problems().forEach(problem -> err.println("  " + String.join("\n  ",
                        problem.lines().map(Problem::printable).toList())));
                code = INVALID;
            } else {
                err.println("backcare: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
                code = SOME_FAILED;
            }
            if (debug) e.printStackTrace(err);
            return code;
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"backcare " + (version == null ? "(development build)" : version)};
        }
    }
}
