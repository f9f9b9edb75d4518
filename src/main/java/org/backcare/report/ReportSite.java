package org.backcare.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.backcare.Planner;
import org.backcare.io.OutputDirectory;
import org.backcare.io.ProfileInputs;
import org.backcare.plan.Plan;
import org.backcare.profile.Profile;
import org.backcare.rules.RuleInfo;
import org.backcare.run.TimeLimit;

/**
 * Writes a report's site: reads every profile in the inputs, plans it (within the time limit) and writes its page
 * on every core, counts it in input order, then writes the overview and the catalogue. The first profile with an id is the one reported; another
 * with the same id is listed as a failure, never written over it.
 */
final class ReportSite {
    static final String RULES_PAGE = "rules.html";
    /** The stylesheet the profile pages share, beside the overview. */
    static final String STYLESHEET = "style.css";
    /** The worklist as CSV, beside the overview. */
    static final String WORKLIST_CSV = "worklist.csv";
    static final String PROFILES = "profiles";
    /** Profiles whose planning may hang before the rest are listed as not planned. */
    static final int MAX_HUNG = 8;

    private final Planner planner;
    private final HtmlReport report;

    ReportSite(Planner planner, HtmlReport report) {
        this.planner = planner;
        this.report = report;
    }

    /** What became of one input: its plan, the rules that fired and its page, or why it is not in the report. */
    private record Done(Plan plan, int age, Set<String> fired, String link, List<String> failures) {
        static Done failed(List<String> failures) {
            return new Done(null, 0, Set.of(), null, failures);
        }
    }

    /**
     * Plans and writes the pages on every core, a few profiles ahead of the one being counted, and counts them in
     * input order, so that the site is the same whatever the number of cores.
     */
    HtmlReport.Site write(List<Path> inputs, OutputDirectory dir, Duration timeLimit) throws IOException {
        dir.directory(PROFILES);
        dir.write(STYLESHEET, report.stylesheet());
        Population population = new Population(planner.rules().rules());
        List<String> failures = new ArrayList<>();
        Map<String, String> firstWithId = new HashMap<>();
        HangGate hung = new HangGate();
        AtomicReference<IOException> writeError = new AtomicReference<>();
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "backcare-report");
            thread.setDaemon(true);
            return thread;
        });
        ArrayDeque<Future<Done>> ahead = new ArrayDeque<>();
        Consumer<Done> count = done -> {
            failures.addAll(done.failures());
            if (done.plan() != null) population.add(done.plan(), done.age(), done.fired(), done.link());
        };
        try {
            ProfileInputs.forEach(inputs, read -> {
                Future<Done> next;
                if (read.profile() == null || writeError.get() != null) {
                    next = CompletableFuture.completedFuture(Done.failed(read.problems()));
                } else {
                    Profile profile = read.profile();
                    String first = firstWithId.putIfAbsent(profile.id(), read.where());
                    next = first != null
                            ? CompletableFuture.completedFuture(Done.failed(List.of(read.where() + ": id " + profile.id()
                                    + " is also the id of " + first + "; expected each profile to have its own id,"
                                    + " so this one is not in the report")))
                            : pool.submit(() -> page(profile, read.where(), dir, timeLimit, hung, writeError));
                }
                ahead.add(next);
                while (ahead.size() > 4 * threads) count.accept(result(ahead.poll()));
            });
            while (!ahead.isEmpty()) count.accept(result(ahead.poll()));
        } finally {
            pool.shutdownNow();
        }
        if (writeError.get() != null) throw writeError.get();
        dir.write("index.html", report.render("index", index(population, failures)));
        dir.write(WORKLIST_CSV, population.csv());
        dir.write(RULES_PAGE, report.catalogue(population.profilesWhereFired()));
        return new HtmlReport.Site(population.size(), failures);
    }

    /** The overview's view: the counts, charts and worklist of the population, the failures, the rules never fired. */
    private Map<String, Object> index(Population population, List<String> failures) {
        List<Map<String, Object>> never = new ArrayList<>();
        for (RuleInfo rule : planner.rules().rules()) {
            if (population.profilesWhereFired().getOrDefault(rule.name(), 0) == 0) {
                never.add(Map.of("name", rule.name(), "anchor", report.anchors().anchor(rule.name()),
                        "location", report.anchors().location(rule.name())));
            }
        }
        Map<String, Object> index = new HashMap<>();
        index.put("profileCount", population.size());
        index.put("failedCount", failures.isEmpty() ? null : failures.size());
        index.put("failures", failures);
        index.put("hasFailures", !failures.isEmpty());
        index.put("rulesVersion", planner.rulesVersion());
        index.put("origin", PlanView.fileName(planner.rules().origin()));
        index.put("licence", HtmlReport.START_BACK_LICENCE);
        index.put("counts", population.counts());
        index.put("charts", population.charts());
        index.put("neverFired", never);
        index.put("profiles", population.rows());
        index.put("triageOptions", population.options("triage"));
        index.put("riskOptions", population.options("risk"));
        index.put("categoryOptions", population.options("category"));
        index.put("worklistCsv", WORKLIST_CSV);
        return index;
    }

    /** A plan and its page. */
    private record Planned(Plan plan, String html) {
    }

    /** Plans one profile within the time limit and writes its page; runs on a thread of the pool. */
    private Done page(Profile profile, String where, OutputDirectory dir, Duration timeLimit, HangGate hung,
            AtomicReference<IOException> writeError) {
        if (writeError.get() != null) return Done.failed(List.of());
        if (!hung.enter()) {
            // each stuck planning leaves a thread spinning: after a few, the rule set is plainly broken
            return Done.failed(List.of(where + ": not planned: the rules hung on " + MAX_HUNG + " profiles before it"));
        }
        List<String> names = new ArrayList<>();
        String link = PROFILES + "/" + profile.id() + ".html";
        Planned planned;
        boolean stuck = false;
        try {
            // the listener runs on the planning thread; the names are read only after that thread's result; the page
            // plans the programme ahead week by week, so a rule that loops in a later week is caught too
            planned = TimeLimit.call(() -> {
                Plan plan = planner.plan(profile, names::add);
                return new Planned(plan, report.sitePage(profile, plan, where));
            }, timeLimit);
        } catch (TimeLimit.Exceeded e) {
            stuck = true;
            return Done.failed(List.of(where + ": " + e.getMessage()));
        } catch (RuntimeException | Error e) {
            // a rule that throws, an Error included, fails this profile's page; the others are written
            return Done.failed(List.of(where + ": the rules failed on this profile: " + e));
        } finally {
            hung.leave(stuck);
        }
        Plan plan = planned.plan();
        String html = planned.html();
        try {
            dir.write(link, html);
        } catch (IOException e) {
            writeError.compareAndSet(null, e);
            return Done.failed(List.of());
        }
        return new Done(plan, profile.age(), new LinkedHashSet<>(names), link, List.of());
    }

    private static Done result(Future<Done> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the report", e);
        } catch (ExecutionException e) {
            throw TimeLimit.rethrown(e);
        }
    }

    /**
     * Lets plannings start while fewer than {@value ReportSite#MAX_HUNG} have hung, counting those under way as if
     * they might: whatever the number of cores, at most {@value ReportSite#MAX_HUNG} hang before the rest are listed
     * as not planned.
     */
    private static final class HangGate {
        private int hung;
        private int planning;

        /** Waits until a planning may start; {@code false} once {@value ReportSite#MAX_HUNG} have hung. */
        synchronized boolean enter() {
            while (hung < MAX_HUNG && hung + planning >= MAX_HUNG) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (hung >= MAX_HUNG) return false;
            planning++;
            return true;
        }

        synchronized void leave(boolean stuck) {
            planning--;
            if (stuck) hung++;
            notifyAll();
        }
    }
}
