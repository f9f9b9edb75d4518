package org.backcare.batch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.backcare.Planner;
import org.backcare.io.FailureReasons;
import org.backcare.io.Input;
import org.backcare.io.Inputs;
import org.backcare.io.IoErrors;
import org.backcare.io.OutputDirectory;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.WireName;
import org.backcare.rules.AdviceText;
import org.backcare.rules.Evidence;
import org.backcare.rules.RulesException;
import org.backcare.run.TimeLimit;

/**
 * Plans every profile in a set of inputs into an output directory, as {@code PLAN.md} describes for {@code batch}:
 * streaming (memory stays flat however many profiles come in), on several threads with one shared planner, nothing
 * lost (every profile read is either planned or listed with its reason in {@code summary.json}), the first of
 * several profiles with one id planned and the others reported, every file written atomically, and resumable.
 *
 * <p>How: this thread reads the inputs and hands each profile to the worker threads, which parse, plan and write
 * the JSON; a single writer thread takes the results in input order, so that the output of any number of threads is
 * the output of one. A bounded window of profiles in flight keeps memory flat. The output directory is held by this
 * run alone ({@link OutputDirectory}) and its summary says "running" until the run ends.
 */
public final class BatchRunner {
    /** The summary of a run, in the output directory. */
    public static final String SUMMARY = Summary.NAME;
    /** What brief plans leave out, written once beside them. */
    public static final String ADVICE = "advice.json";
    private static final int IN_FLIGHT_PER_THREAD = 64;
    /** Plans between flushes of the output and the journal: what a killed run would redo at most. */
    private static final int FLUSH_EVERY = 100;
    /** Profiles whose planning may hang before the rule set is taken to be broken and the run stops. */
    static final int MAX_HUNG = 8;
    /**
     * Profiles in a row whose planning may run out of memory before the process, not a rule, is taken to be short of
     * it and the run stops. A rule that runs out of memory on some profiles fails those alone, as the healthy ones
     * between them show.
     */
    static final int MAX_OUT_OF_MEMORY = 8;
    /** How many time limits a planning may wait (not run) before it counts as hung. */
    static final int WAITING_LIMITS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Planner planner;
    private final OutputFactory outputs;
    /** The run under way, for {@link #stopBySignal}; null between runs. */
    private volatile ActiveRun active;

    /** A run under way: its summary and counts, and whether its last summary is written (guarded by itself). */
    private static final class ActiveRun {
        final Summary summary;
        final Counts counts;
        final long start;
        boolean summarised;

        ActiveRun(Summary summary, Counts counts, long start) {
            this.summary = summary;
            this.counts = counts;
            this.start = start;
        }
    }
    private final ProfileReader reader = new ProfileReader();
    private final PlanWriter planWriter = new PlanWriter();

    /** Opens the output of a run in its directory, with what an earlier run there wrote (when resuming). */
    interface OutputFactory {
        PlanOutput open(OutputDirectory dir, BatchOptions options, Journal.Entries earlier, Journal journal)
                throws IOException;
    }

    public BatchRunner(Planner planner) {
        this(planner, (dir, options, earlier, journal) -> options.format() == BatchOptions.Format.JSON
                ? new PlanFiles(dir, options.resume(), earlier)
                : new PlanLines(dir, options.resume(), earlier, journal));
    }

    /** A runner with another output (tests use it to inject faults such as a full disk). */
    BatchRunner(Planner planner, OutputFactory outputs) {
        this.planner = planner;
        this.outputs = outputs;
    }

    /**
     * What became of one input: its plan's JSON, or the profile an earlier run may already have planned
     * ({@code resumed}, no JSON), or the reasons it failed.
     */
    private record Outcome(Input input, String profileId, long idFingerprint, long inputFingerprint, byte[] json,
            Profile resumed, List<String> reasons, boolean outOfMemory) {

        Outcome(Input input, String profileId, long idFingerprint, long inputFingerprint, byte[] json,
                Profile resumed) {
            this(input, profileId, idFingerprint, inputFingerprint, json, resumed, null, false);
        }

        static Outcome failed(Input input, String profileId, List<String> reasons) {
            return new Outcome(input, profileId, 0, 0, null, null, reasons, false);
        }

        /** Its planning ran out of memory: its own fault or the process's, as the profiles after it will tell. */
        static Outcome outOfMemory(Input input, String profileId, OutOfMemoryError e) {
            return new Outcome(input, profileId, 0, 0, null, null, List.of("internal error: " + e), true);
        }

        boolean isFailure() {
            return reasons != null;
        }
    }

    /**
     * Runs the batch.
     *
     * @throws BatchException when the output directory cannot be written or another run holds it, or the output
     *     stops being writable part way, or the rules hang again and again (the plans written so far stay, the
     *     summary says the run stopped, and {@code --resume} finishes the rest)
     */
    public BatchResult run(BatchOptions options, Progress progress) throws BatchException {
        long start = System.nanoTime();
        String version = planner.rulesVersion();
        OutputDirectory dir;
        try {
            dir = OutputDirectory.open(options.out());
        } catch (OutputDirectory.InUse e) {
            throw new BatchException(e.getMessage(), e, true);
        } catch (IOException e) {
            throw new BatchException("cannot write to " + options.out() + ": " + IoErrors.describe(e), e, true);
        }
        try (dir) {
            if (options.resume()) {
                // before anything is written: a refused resume leaves the earlier run's summary as it was
                try {
                    Journal.checkSameFormat(dir, options.describe());
                } catch (IOException e) {
                    throw new BatchException("cannot resume in " + dir.path() + ": " + IoErrors.describe(e), e, true);
                }
            }
            Summary summary = new Summary(dir, options, version);
            Counts counts = new Counts();
            ActiveRun run = new ActiveRun(summary, counts, start);
            // the run is found by a signal from before its summary says "running", so that the summary never stays
            // "running" after a signal stopped it
            active = run;
            try {
                Journal.Entries earlier = start(dir, options, version, run);
                return runIn(dir, options, progress, version, summary, earlier, counts, run);
            } finally {
                active = null;
            }
        }
    }

    /**
     * Writes the summary of a run that started (unless a signal stopped it first), the advice of a compact run, and
     * reads the journal of the run a resume goes on from.
     */
    private Journal.Entries start(OutputDirectory dir, BatchOptions options, String version, ActiveRun run)
            throws BatchException {
        try {
            synchronized (run) {
                if (run.summarised) throw new BatchException("stopped by a signal", null, false);
                // an earlier run's failures must never be counted in this run's summary, even when a signal stops
                // this run before its own failure list is opened
                dir.delete(FailureLog.NAME);
                dir.delete(FailureLog.PARTIAL);
                run.summary.running();
            }
            if (options.detail() == BatchOptions.Detail.COMPACT) writeAdvice(dir);
            return options.resume() ? Journal.read(dir, version, options.describe()) : Journal.Entries.none();
        } catch (IOException e) {
            String why = "cannot start in " + dir.path() + ": " + IoErrors.describe(e);
            synchronized (run) {
                if (!run.summarised) {
                    run.summarised = true;
                    try {
                        run.summary.notStarted(why);
                    } catch (IOException summaryError) {
                        why += " (nor write " + Summary.NAME + ")";
                    }
                }
            }
            throw new BatchException(why, e, true);
        }
    }

    /**
     * Records in the summary of the run under way that a signal stopped it, with what is surely written so far, and
     * gives back the disk set aside for the summary; nothing when no run is under way or its summary is written. For
     * the command's shutdown hook: the process halts after it.
     */
    public void stopBySignal() {
        ActiveRun run = active;
        if (run == null) return;
        synchronized (run) {
            if (run.summarised) return;
            run.summarised = true;
            Counts counts = run.counts;
            try {
                run.summary.stopped(counts.result(counts.saved, run.start), counts.read - counts.saved - counts.failed,
                        "stopped by a signal before the run ended", counts.lastRead);
            } catch (IOException e) {
                // the summary stays at "running", which is still not "finished"
            }
        }
    }

    private BatchResult runIn(OutputDirectory dir, BatchOptions options, Progress progress, String version,
            Summary summary, Journal.Entries earlier, Counts counts, ActiveRun run) throws BatchException {
        FailureLog failures = null;
        // A JSON Lines output is kept in place up to the first change, so its journal goes on; one file per plan
        // is kept plan by plan, and a new journal notes each kept plan again (an entry never outlives its file).
        boolean continueJournal = options.resume() && options.format() == BatchOptions.Format.JSONL;
        try (Journal journal = Journal.open(dir, version, options.describe(),
                    continueJournal ? earlier : Journal.Entries.none());
                PlanOutput output = outputs.open(dir, options, earlier, journal)) {
            failures = new FailureLog(dir);
            pipeline(options, output, journal, failures, counts, progress);
            if (counts.fatal == null && (counts.read != counts.submitted
                    || counts.read != counts.planned + counts.failed)) {
                // never "finished" with a profile missing: every profile read is planned or listed as failed
                counts.fatal = new IllegalStateException(counts.submitted + " profiles were read but "
                        + counts.planned + " planned and " + counts.failed + " failed");
            }
            if (counts.fatal == null) {
                output.flush();
                journal.flush();
                counts.saved = counts.planned;
                output.finish(counts.ids);
                failures.finish();
            }
        } catch (IOException | UncheckedIOException e) {
            counts.fatal = e instanceof UncheckedIOException u ? u.getCause() : e;
        } finally {
            if (failures != null) failures.close();
        }
        // the last summary is written once: by this run, or by a signal that stopped it first
        synchronized (run) {
            if (run.summarised) throw new BatchException("stopped by a signal", null, false);
            run.summarised = true;
            if (counts.fatal != null) throw stopped(summary, counts, run.start, counts.fatal);
            BatchResult result = counts.result(counts.planned, run.start);
            try {
                summary.finished(result);
            } catch (IOException e) {
                throw new BatchException("cannot write " + summary.path() + ": " + IoErrors.describe(e)
                        + "; every plan was written", e, false);
            }
            return result;
        }
    }

    /** Records in the summary that the run stopped, and says so. */
    private static BatchException stopped(Summary summary, Counts counts, long start, Exception fatal) {
        String why = fatal instanceof IOException io ? "cannot write to " + summary.path().getParent() + ": "
                + IoErrors.describe(io) : fatal.getMessage();
        BatchResult result = counts.result(counts.saved, start);
        long notWritten = counts.read - counts.saved - counts.failed;
        String message = why + "; " + counts.saved + " plans were written";
        try {
            summary.stopped(result, notWritten, why, counts.lastRead);
        } catch (IOException e) {
            message += " (the summary could not be written either, and says the run is still running)";
        }
        // a run that started and stopped is not invalid usage, even with nothing saved: its summary says "stopped"
        return new BatchException(message + "; run again with --resume to finish", fatal, false);
    }

    /** How many profiles the inputs hold, counted without keeping them (for a progress bar). */
    public static long countProfiles(List<java.nio.file.Path> inputs) {
        return Inputs.count(inputs);
    }

    /**
     * The counts of a run. The writer thread alone changes them, but for {@code submitted}; those a signal's summary
     * reads from another thread ({@link #stopBySignal}) are volatile, so that it sees them as they are.
     */
    private static final class Counts {
        /** Profiles handed to the workers (by the reading thread). */
        long submitted;
        /** Profiles the writer took (planned, failed or duplicate). */
        volatile long read;
        /** Plans written since the writer last flushed. */
        int sinceFlush;
        long planned;
        /** Plans written and noted in the journal at its last flush: what is surely on disk. */
        volatile long saved;
        volatile long resumed;
        volatile long failed;
        volatile long duplicates;
        int hung;
        /** Where the last input the writer took came from: inputs after it were not planned if the run stops. */
        volatile String lastRead;
        /** Ids with a plan in the output of this run. */
        final LongMap ids = new LongMap();
        /** Profiles in a row whose planning ran out of memory, not yet listed as failed (by the writer). */
        final List<Outcome> outOfMemory = new ArrayList<>();
        Exception fatal;

        BatchResult result(long planned, long start) {
            return new BatchResult(read, planned, resumed, failed, duplicates, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * A profile's planning, with the thread that runs it, when it started (0 until it does) and the thread's CPU time
     * then, for the time limit.
     */
    private final class PlanTask implements java.util.concurrent.Callable<Outcome> {
        final Input input;
        private final PlanOutput output;
        private final BatchOptions options;
        private final InFlightBytes budget;
        /** What the reader reserved for this profile, and what the worker added for a larger plan. */
        private final long reserved;
        private long grown;
        private boolean released;
        private volatile Thread thread;
        private volatile long cpuAtStart;
        volatile long startedAt;
        volatile String profileId;

        PlanTask(Input input, PlanOutput output, BatchOptions options, InFlightBytes budget, long reserved) {
            this.input = input;
            this.output = output;
            this.options = options;
            this.budget = budget;
            this.reserved = reserved;
        }

        @Override
        public Outcome call() {
            thread = Thread.currentThread();
            cpuAtStart = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
            startedAt = System.nanoTime() | 1;
            Outcome outcome = plan(this, input, output, options);
            synchronized (this) {
                // a plan left behind by the writer (past the time limit) holds nothing
                if (!released && outcome.json() != null) {
                    grown = outcome.json().length - InFlightBytes.PLAN_ESTIMATE;
                    budget.adjust(grown);
                }
            }
            return outcome;
        }

        /** Gives back the bytes this profile held: the writer is done with it. */
        synchronized void release() {
            if (released) return;
            released = true;
            budget.release(reserved + grown);
        }

        /** The CPU time the planning has used so far, or its wall-clock time where CPU time cannot be measured. */
        long cpuTime(long now) {
            long cpu = cpuAtStart < 0 ? -1 : THREADS.getThreadCpuTime(thread.getId());
            return cpu < 0 ? now - startedAt : cpu - cpuAtStart;
        }

        /** Whether its thread is waiting (for a monitor's notify, a sleep, a park), not running or runnable. */
        boolean waiting() {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }
    }

    private record Pending(PlanTask task, Future<Outcome> future) {
    }

    private void pipeline(BatchOptions options, PlanOutput output, Journal journal,
            FailureLog failures, Counts counts, Progress progress) {
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(options.threads(), options.threads(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "backcare-batch-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // Bounded twice: by count (a window per thread) and by bytes, whatever the number of threads.
        BlockingQueue<Pending> inFlight = new ArrayBlockingQueue<>(options.threads() * IN_FLIGHT_PER_THREAD);
        InFlightBytes budget = InFlightBytes.forThisHeap();
        Pending end = new Pending(null, null);
        AtomicReference<Exception> stopped = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                write(inFlight, end, new Writing(output, journal, failures, counts, progress, workers,
                        options.timeLimit().toNanos(), options.format() == BatchOptions.Format.JSON,
                        profile -> json(profile, options)));
            } catch (Exception | Error e) {
                // whatever stops the writer (an out-of-memory included) stops the run, and says so; the reader is
                // released first, by steps that need no memory, in case describing the failure needs more than is left
                budget.close();
                stopped.compareAndSet(null, WRITER_FAILED);
                try {
                    stopped.compareAndSet(WRITER_FAILED, fatal(e));
                } catch (Error describing) {
                    // WRITER_FAILED says it
                }
                drain(inFlight, end);
            }
        }, "backcare-batch-writer");
        writer.start();
        try (Inputs inputs = new Inputs(options.inputs())) {
            try {
                while (stopped.get() == null && inputs.hasNext()) {
                    Input input = inputs.next();
                    long reserve = (input.content() == null ? 0 : input.content().length) + InFlightBytes.PLAN_ESTIMATE;
                    budget.reserve(reserve);
                    PlanTask task = new PlanTask(input, output, options, budget, reserve);
                    inFlight.put(new Pending(task, workers.submit(task)));
                    counts.submitted++;
                }
            } catch (Error e) {
                stopped.compareAndSet(null, fatal(e));
            }
            inFlight.put(end);
            writer.join();
        } catch (InterruptedException e) {
            // the writer is stopped and waited for, so that nothing writes after the run has ended
            stopped.compareAndSet(null, new IOException("interrupted"));
            writer.interrupt();
            endUninterruptibly(inFlight, end, writer);
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdownNow();
        }
        if (stopped.get() != null) counts.fatal = stopped.get();
    }

    /** What stopped a run whose writer failed, when even describing the failure ran out of memory. */
    private static final Exception WRITER_FAILED = new IllegalStateException(
            "the writer failed (out of memory); the run stopped");

    /** What stopped a run, as an exception whose message says it. */
    private static Exception fatal(Throwable e) {
        if (e instanceof Exception exception) return exception;
        return new IllegalStateException((e instanceof OutOfMemoryError ? "out of memory: " : "")
                + e + "; the run stopped", e);
    }

    /** Ends the queue and waits for the writer, which drains it, through any interrupt. */
    private static void endUninterruptibly(BlockingQueue<Pending> inFlight, Pending end, Thread writer) {
        boolean ended = false;
        while (writer.isAlive()) {
            try {
                if (!ended) inFlight.put(end);
                ended = true;
                writer.join();
            } catch (InterruptedException again) {
                // the caller's interrupt is set again once the writer is done
            }
        }
    }

    private static void drain(BlockingQueue<Pending> inFlight, Pending end) {
        try {
            for (Pending next = inFlight.take(); next != end; next = inFlight.take()) {
                next.future().cancel(true);
                // the reader may be waiting for room to read the next profile, and then see that the run stopped
                next.task().release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Worker: parse, plan and write the JSON of one input, or say why not. */
    private Outcome plan(PlanTask task, Input input, PlanOutput output, BatchOptions options) {
        if (input.problem() != null) return Outcome.failed(input, null, List.of(input.problem()));
        Profile profile;
        try {
            profile = reader.parse(input.where(), input.content(), input.format());
        } catch (InvalidProfileException e) {
            // Inside a .jsonl file the line is the input's own; a parser's line within it says nothing more.
            return Outcome.failed(input, null, FailureReasons.of(e, input.line() == 0));
        }
        task.profileId = profile.id();
        try {
            long fingerprint = Fingerprint.ofInput(planner.rulesVersion(), input.content());
            long idFingerprint = Fingerprint.ofId(profile.id());
            if (output.mayKeep(fingerprint, profile.id())) {
                return new Outcome(input, profile.id(), idFingerprint, fingerprint, null, profile);
            }
            return new Outcome(input, profile.id(), idFingerprint, fingerprint, json(profile, options), null);
        } catch (RulesException e) {
            return Outcome.failed(input, profile.id(), List.of("the rules failed: " + e.getMessage()));
        } catch (OutOfMemoryError e) {
            return Outcome.outOfMemory(input, profile.id(), e);
        } catch (RuntimeException | Error e) {
            // an Error a rule throws (or a stack overflow) fails this profile alone
            return Outcome.failed(input, profile.id(), List.of("internal error: " + e));
        }
    }

    /** The plan's JSON in the run's form: one line or indented, recommendations in full or brief. */
    private byte[] json(Profile profile, BatchOptions options) {
        return planWriter.toBytes(planner.plan(profile), options.format() == BatchOptions.Format.JSONL,
                options.detail() == BatchOptions.Detail.COMPACT);
    }

    /**
     * {@code advice.json}: what brief plans leave out, once for the run: each advice's category, title, text and
     * evidence ids, and each source's citation and address, under the rules version.
     */
    private void writeAdvice(OutputDirectory dir) throws IOException {
        dir.write(ADVICE, out -> {
            try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("rulesVersion", planner.rulesVersion());
                json.writeObjectFieldStart("advice");
                List<AdviceText> texts = new ArrayList<>(planner.rules().advice().values());
                texts.addAll(List.of(Planner.EVERYDAY_HABITS, Planner.ALSO_THIS_WEEK));
                for (AdviceText advice : texts) {
                    json.writeObjectFieldStart(advice.id());
                    json.writeStringField("category", WireName.of(advice.category()));
                    json.writeStringField("title", advice.title());
                    json.writeStringField("advice", advice.advice());
                    json.writeArrayFieldStart("evidence");
                    for (String id : advice.evidence()) json.writeString(id);
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeObjectFieldStart("evidence");
                for (Evidence source : planner.rules().evidence().values()) {
                    json.writeObjectFieldStart(source.id());
                    json.writeStringField("citation", source.citation());
                    if (source.url() != null) json.writeStringField("url", source.url());
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeEndObject();
            }
        });
    }

    /** What the writer thread works with. */
    private record Writing(PlanOutput output, Journal journal, FailureLog failures, Counts counts, Progress progress,
            ThreadPoolExecutor workers, long limitNanos, boolean notesKept, Function<Profile, byte[]> planJson) {
    }

    /** Writer: the results in input order; ids checked for duplicates; plans, journal and failures written. */
    private static void write(BlockingQueue<Pending> inFlight, Pending end, Writing w) throws Exception {
        for (Pending next = inFlight.take(); next != end; next = inFlight.take()) {
            try {
                writeOne(next, w);
            } finally {
                next.task().release();
            }
        }
        failOutOfMemory(w);
    }

    /**
     * Lists as failed the profiles held back because their planning ran out of memory: a profile planned after them
     * shows that the process has memory, so each was its own plan's fault.
     */
    private static void failOutOfMemory(Writing w) throws IOException {
        for (Outcome held : w.counts().outOfMemory) fail(w, held.input(), held.profileId(), held.reasons());
        w.counts().outOfMemory.clear();
    }

    /** One profile's outcome: its plan written or kept, or its failure listed. */
    private static void writeOne(Pending next, Writing w) throws Exception {
        Counts counts = w.counts();
        Outcome outcome = await(next, w);
        counts.read++;
        counts.lastRead = outcome.input().where();
        if (outcome.outOfMemory()) {
            // held back, not listed: if the process is what ran short, these profiles were never truly tried, and a
            // resumed run plans them
            counts.outOfMemory.add(outcome);
            if (counts.outOfMemory.size() >= MAX_OUT_OF_MEMORY) {
                throw new IllegalStateException("the planning of " + MAX_OUT_OF_MEMORY + " profiles in a row ran out"
                        + " of memory, the last at " + outcome.input().where() + "; the process is short of memory"
                        + " (give it more with JAVA_OPTS=-Xmx..., or use fewer --threads), so the run stopped");
            }
            w.progress().step();
            return;
        }
        failOutOfMemory(w);
        if (outcome.isFailure()) {
            fail(w, outcome.input(), outcome.profileId(), outcome.reasons());
        } else if (counts.ids.containsKey(outcome.idFingerprint())) {
            counts.duplicates++;
            fail(w, outcome.input(), outcome.profileId(), List.of(FailureReasons.duplicate(outcome.profileId())));
        } else if (outcome.resumed() != null && w.output().keep(outcome.inputFingerprint(), outcome.profileId())) {
            // the earlier run's plan stays where it is
            counts.ids.put(outcome.idFingerprint(), 1);
            counts.planned++;
            counts.resumed++;
            if (w.notesKept()) {
                w.journal().done(outcome.inputFingerprint(), outcome.idFingerprint(), 0);
                counts.sinceFlush++;
            }
            if (counts.sinceFlush == 0) counts.saved = counts.planned;
        } else {
            // A profile a worker left for keeping that cannot be kept (the output changed before it) is planned
            // here: the same rules planned the same bytes before, and only those in flight can be left so.
            byte[] json = outcome.json() != null ? outcome.json() : w.planJson().apply(outcome.resumed());
            long span;
            try {
                span = w.output().write(outcome.profileId(), json);
            } catch (IOException e) {
                if (!w.output().isolatesFailures()) throw e;
                fail(w, outcome.input(), outcome.profileId(),
                        List.of("cannot write the plan: " + IoErrors.describe(e)));
                w.progress().step();
                return;
            }
            counts.ids.put(outcome.idFingerprint(), 1);
            counts.planned++;
            // a plan file is whole once written; a line of plans.jsonl once flushed
            if (w.output().isolatesFailures()) counts.saved = counts.planned;
            w.journal().done(outcome.inputFingerprint(), outcome.idFingerprint(), span);
            if (++counts.sinceFlush >= FLUSH_EVERY) {
                w.output().flush();
                w.failures().flush();
                w.journal().flush();
                counts.saved = counts.planned;
                counts.sinceFlush = 0;
            }
        }
        w.progress().step();
    }

    /**
     * The outcome of a pending profile, or its failure when its planning runs past the time limit: when it has used
     * that much CPU time (an action that loops), or has been waiting for {@value #WAITING_LIMITS} times the limit (an
     * action that waits). Wall-clock time alone never counts, so a run with many more threads than cores, whose
     * threads wait their turn, is not mistaken for a hung one.
     */
    private static Outcome await(Pending pending, Writing w) throws InterruptedException, RulesHung {
        PlanTask task = pending.task();
        long limit = w.limitNanos();
        while (true) {
            long started = task.startedAt;
            long wait = limit;
            boolean hung = false;
            if (started != 0) {
                long now = System.nanoTime();
                long cpu = task.cpuTime(now);
                long wall = now - started;
                hung = cpu >= limit || (wall >= WAITING_LIMITS * limit && task.waiting());
                // look again when it could have used up its CPU time, or reached the waiting limit (past that, soon)
                long untilWaitingLimit = Math.max(WAITING_LIMITS * limit - wall, TimeUnit.MILLISECONDS.toNanos(100));
                wait = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(limit - cpu, untilWaitingLimit));
            }
            // a task that ended while it was being looked at is done, not hung
            if (!hung || pending.future().isDone()) {
                try {
                    return pending.future().get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    continue;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a planning task failed outside its own error handling",
                            e.getCause());
                }
            }
            // Past the limit: the thread is interrupted and left behind (it cannot be stopped safely); another takes
            // its place so the rest of the batch keeps its threads.
            pending.future().cancel(true);
            if (++w.counts().hung > MAX_HUNG) {
                throw new RulesHung("the planning of " + w.counts().hung + " profiles ran past the time limit of "
                        + TimeLimit.seconds(java.time.Duration.ofNanos(limit))
                        + "; an action of the rules loops or waits, so the run stopped");
            }
            ThreadPoolExecutor workers = w.workers();
            workers.setMaximumPoolSize(workers.getMaximumPoolSize() + 1);
            workers.setCorePoolSize(workers.getCorePoolSize() + 1);
            return Outcome.failed(task.input, task.profileId,
                    List.of(TimeLimit.describe(java.time.Duration.ofNanos(limit))));
        }
    }

    /** The rules hung on too many profiles for the run to go on. */
    private static final class RulesHung extends Exception {
        private static final long serialVersionUID = 1L;

        RulesHung(String message) {
            super(message);
        }
    }

    private static void fail(Writing w, Input input, String profileId, List<String> reasons) throws IOException {
        w.counts().failed++;
        w.failures().add(input, profileId, reasons);
    }
}
