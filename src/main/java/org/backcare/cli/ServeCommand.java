package org.backcare.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.time.Clock;
import org.backcare.Planner;
import org.backcare.report.HtmlReport;
import org.backcare.review.Accounts;
import org.backcare.review.Workspace;
import org.backcare.review.WorkspaceDatabase;
import org.backcare.review.WorkspaceException;
import org.backcare.review.web.WorkspaceSite;
import org.backcare.serve.CdsServer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backcare serve [--port P]}: the CDS Hooks service and {@code POST /plan}, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve CDS Hooks (GET /cds-services, POST /cds-services/backcare-plan and its /feedback) and"
            + " POST /plan (a profile's JSON in, the plan's JSON out) until stopped (Ctrl-C). With --data or --db, the"
            + " review workspace too (docs/review.md): sign in at /, and what the endpoints plan is kept for review.",
            "Listens on 127.0.0.1 only unless --host says otherwise."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"2:invalid usage or rules, or the port cannot be used"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8099;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host = "127.0.0.1";

    @Option(names = "--threads", description = "Threads answering requests (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBody = 1024 * 1024;

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "Seconds a client has to send its request, and again to take the response (default:"
                + " ${DEFAULT-VALUE}). Planning has its own limit, --time-limit; a request that exceeds it gets 503.")
    int requestTimeout = 10;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The address clients reach this service at, for the links in cards (default: http://HOST:PORT).")
    String publicUrl;

    @Mixin
    RulesOption rules;

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nThe review workspace (off without one):%n")
    WorkspaceOption.Where workspace;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535 || threads < 1 || threads > Main.MAX_THREADS || maxBody < 1 || requestTimeout < 1) {
            err.println("backcare: --port must be 0-65535, --threads 1-" + Main.MAX_THREADS + ", --max-body and"
                    + " --request-timeout at least 1");
            return Main.INVALID;
        }
        Planner planner = rules.planner();
        WorkspaceSite site = null;
        if (workspace != null) {
            try {
                WorkspaceDatabase database = WorkspaceOption.open(workspace);
                Workspace review = new Workspace(database, planner, Clock.systemUTC());
                Workspace.Recheck recheck = review.recheckRules("serve");
                if (recheck.checked() > 0) {
                    err.println("backcare: " + recheck.checked() + " plans re-checked against rules "
                            + planner.rulesVersion() + ": " + recheck.changed() + " changed ("
                            + recheck.sentBack().size() + " signed off, back for review), " + recheck.failed().size()
                            + " on which the rules fail");
                }
                site = new WorkspaceSite(review, new Accounts(database, Clock.systemUTC()), new HtmlReport(planner),
                        Clock.systemUTC(), publicUrl != null && publicUrl.startsWith("https:"));
            } catch (WorkspaceException e) {
                err.println("backcare: " + e.getMessage());
                return Main.INVALID;
            }
        }
        CdsServer server;
        try {
            server = CdsServer.start(planner, new CdsServer.Options(host, port, threads, maxBody,
                    Duration.ofSeconds(requestTimeout), rules.timeLimit(), publicUrl, 1000), site);
        } catch (java.io.IOException e) {
            err.println("backcare: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return Main.INVALID;
        }
        Main.runsUntilStopped();
        err.println("backcare: serving CDS Hooks at " + server.uri() + "/cds-services and POST " + server.uri()
                + "/plan (Ctrl-C to stop)");
        if (site != null) err.println("backcare: the review workspace is at " + server.uri() + "/");
        new CountDownLatch(1).await();
        return Main.OK;
    }
}
