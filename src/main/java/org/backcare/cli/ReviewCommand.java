package org.backcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backcare.batch.BatchRunner;
import org.backcare.review.AuditEntry;
import org.backcare.review.AuditExport;
import org.backcare.review.ProfileImport;
import org.backcare.review.Workspace;
import org.backcare.review.WorkspaceDatabase;
import org.backcare.review.WorkspaceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare review}: the review workspace from the command line: import profiles, export the audit trail. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"The review workspace (docs/review.md): import profiles to review, export or check the audit"
            + " trail."},
        subcommands = {ReviewCommand.Import.class, ReviewCommand.Audit.class})
final class ReviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.INVALID;
    }

    /** The user a command acts as in the audit trail: the operating system's, as {@code cli:NAME}. */
    static String cliUser() {
        String name = System.getProperty("user.name", "unknown");
        return ("cli:" + name).substring(0, Math.min(64, 4 + name.length()));
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Plan the profiles in the given files and directories (what batch reads) and put them in"
                + " the workspace for review. A profile already there unchanged is left as it is; a changed one"
                + " becomes a new version, and a signed-off plan it changes goes back for review. Safe to run again"
                + " after a crash: what was stored stays whole."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every profile was stored", "1:some profiles failed (the rest were stored)",
                "2:invalid usage, rules or workspace (nothing done)", "3:the database failed part way (what was"
                    + " stored stays; run again to finish)"})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Profile files, or directories to search.")
        List<Path> inputs;

        @Mixin
        WorkspaceOption workspace;

        @Mixin
        RulesOption rules;

        @Option(names = "--threads", paramLabel = "N", description = "Planning threads (default: every core).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--with-clinician-sections", description = "Take the clinician's sections the files hold"
                + " (entered by clinicians in another system). Without it they are left out: a section changes by an"
                + " override in the workspace only.")
        boolean withSections;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (threads < 1 || threads > Main.MAX_THREADS) {
                err.println("backcare: --threads must be from 1 to " + Main.MAX_THREADS + ", got " + threads);
                return Main.INVALID;
            }
            WorkspaceDatabase database;
            try {
                database = workspace.open();
            } catch (WorkspaceException e) {
                err.println("backcare: " + e.getMessage());
                return Main.INVALID;
            }
            try (database) {
                Workspace review = new Workspace(database, rules.planner(), Clock.systemUTC());
                Workspace.Recheck recheck = review.recheckRules(cliUser());
                if (recheck.checked() > 0) {
                    err.printf(Locale.ROOT, "%d plans re-checked against rules %s: %d changed (%d signed off, back for"
                            + " review), %d on which the rules fail%n", recheck.checked(), review.rulesVersion(),
                            recheck.changed(), recheck.sentBack().size(), recheck.failed().size());
                }
                long total = BatchRunner.countProfiles(inputs);
                // a line every twentieth of the way, and at least every 1,000 profiles
                long every = Math.max(1_000, total / 20);
                long[] done = {0};
                ProfileImport.Result result = ProfileImport.run(review, inputs, cliUser(), threads, withSections, () -> {
                    if (++done[0] % every == 0) {
                        err.printf(Locale.ROOT, "%d of %d%n", done[0], total);
                        err.flush();
                    }
                });
                result.failures().forEach(failure -> err.println("backcare: " + failure));
                if (result.failed() > result.failures().size()) {
                    err.println("backcare: and " + (result.failed() - result.failures().size()) + " more failures");
                }
                err.printf(Locale.ROOT, "%d profiles read: %d new, %d updated, %d unchanged, %d failed, in %.1f s"
                        + " (%.0f/s); workspace %s%n", result.read(), result.added(), result.updated(),
                        result.unchanged(), result.failed(), result.seconds(),
                        result.read() / Math.max(result.seconds(), 1e-9), database.where());
                return result.failed() == 0 ? Main.OK : Main.SOME_FAILED;
            } catch (WorkspaceException e) {
                err.println("backcare: " + e.getMessage() + "; what was stored stays, run again to finish");
                return Main.STOPPED;
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Write the audit trail (every import, plan, override, sign-off, rules re-check and"
                + " sign-in) as CSV or JSON on standard output, or check that it is whole."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:written, or whole", "1:--verify found an entry changed, missing or out of its chain",
                "2:invalid usage or workspace"})
    static final class Audit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = "--profile", paramLabel = "ID", description = "Only the entries about this profile.")
        String profileId;

        @Option(names = "--format", paramLabel = "FORMAT", description = "csv (default) or json.")
        AuditExport.Format format = AuditExport.Format.CSV;

        @Option(names = "--verify", description = "Check every entry against its hash and the one before it,"
                + " instead of writing them.")
        boolean verify;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            AuditExport.Format as = format;
            try (WorkspaceDatabase database = workspace.open()) {
                Workspace review = new Workspace(database, BuiltInPlanner.get(), Clock.systemUTC());
                if (verify) {
                    List<String> problems = review.verifyAudit();
                    problems.forEach(problem -> err.println("backcare: audit trail: " + problem));
                    if (problems.isEmpty()) {
                        // the last entry's hash, to keep outside the database: a trail cut back to an earlier entry
                        // and its head rewritten shows against it
                        AuditEntry last = review.lastAudit();
                        err.println("the audit trail is whole" + (last == null ? " (no entries)" : ": " + last.seq()
                                + " entries, the last hash " + last.hash()));
                    }
                    return problems.isEmpty() ? Main.OK : Main.SOME_FAILED;
                }
                PrintWriter out = spec.commandLine().getOut();
                long written = AuditExport.write(review, profileId, as, out);
                out.flush();
                err.println(written + " entries written");
                return Main.OK;
            } catch (WorkspaceException e) {
                err.println("backcare: " + e.getMessage());
                return Main.INVALID;
            } catch (IOException e) {
                err.println("backcare: cannot write the audit trail: " + e.getMessage());
                return Main.STOPPED;
            }
        }
    }
}
