package org.backcare.batch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.backcare.Planner;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.rules.RulesException;

/**
 * Plans every profile in a set of inputs into an output directory, as {@code PLAN.md} describes for {@code batch}:
 * streaming (memory stays flat however many profiles come in), on several threads with one shared planner, nothing
 * lost (every profile read is either planned or listed with its reason in {@code summary.json}), the first of
 * several profiles with one id planned and the others reported, every file written atomically, and resumable.
 *
 * <p>How: this thread reads the inputs and hands each profile to the worker threads, which parse, plan and write
 * the JSON; a single writer thread takes the results in input order, so that the output of any number of threads is
 * the output of one. A bounded window of profiles in flight keeps memory flat.
 */
public final class BatchRunner {
    /** The summary of a run, in the output directory. */
    public static final String SUMMARY = "summary.json";
    private static final String FAILURES = ".backcare-failures.tmp";
    private static final int IN_FLIGHT_PER_THREAD = 64;
    /** Plans between flushes of the output and the journal: what a killed run would redo at most. */
    private static final int FLUSH_EVERY = 100;
    private static final JsonFactory JSON = new JsonFactory();

    private final Planner planner;
    private final OutputFactory outputs;
    private final ProfileReader reader = new ProfileReader();
    private final PlanWriter planWriter = new PlanWriter();

    /** Opens the output of a run: the directory, the format, and how much of a partial file to keep. */
    interface OutputFactory {
        PlanOutput open(Path dir, BatchOptions.Format format, long keep) throws IOException;
    }

    public BatchRunner(Planner planner) {
        this(planner, (dir, format, keep) -> format == BatchOptions.Format.JSON ? new PlanFiles(dir)
                : new PlanLines(dir, keep));
    }

    /** A runner with another output (tests use it to inject faults such as a full disk). */
    BatchRunner(Planner planner, OutputFactory outputs) {
        this.planner = planner;
        this.outputs = outputs;
    }

    /** What became of one input. */
    private record Outcome(Input input, String profileId, long idFingerprint, long inputFingerprint, String json,
            boolean resumed, List<String> reasons) {

        static Outcome failed(Input input, String profileId, List<String> reasons) {
            return new Outcome(input, profileId, 0, 0, null, false, reasons);
        }

        boolean isFailure() {
            return reasons != null;
        }
    }

    /**
     * Runs the batch.
     *
     * @throws BatchException when the output directory cannot be written, or the output or the summary stops being
     *     writable part way (the plans written so far stay, and {@code --resume} finishes the rest)
     */
    public BatchResult run(BatchOptions options, Progress progress) throws BatchException {
        long start = System.nanoTime();
        Path dir = prepare(options.out());
        String version = planner.rulesVersion();
        String format = options.format() == BatchOptions.Format.JSON ? "json" : "jsonl";
        Journal.Entries earlier;
        try {
            earlier = options.resume() ? Journal.read(dir, version, format) : new Journal.Entries(new LongMap(), 0);
        } catch (IOException e) {
            throw new BatchException("cannot read the journal in " + dir + ": " + IoErrors.describe(e), e, true);
        }
        Counts counts = new Counts();
        Path failuresFile = dir.resolve(FAILURES);
        try (PlanOutput output = outputs.open(dir, options.format(), earlier.end());
                Journal journal = Journal.open(dir, version, format, earlier.done().size() > 0);
                BufferedWriter failures = Files.newBufferedWriter(failuresFile, StandardCharsets.UTF_8)) {
            pipeline(options, earlier, output, journal, failures, counts, progress);
            output.flush();
            journal.flush();
            failures.flush();
            if (counts.fatal != null) throw counts.fatal;
            output.finish();
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new BatchException("cannot write to " + dir + ": " + IoErrors.describe(cause) + "; " + counts.planned
                    + " plans were written; run again with --resume to finish", cause, counts.planned == 0);
        }
        BatchResult result = new BatchResult(counts.read, counts.planned, counts.resumed, counts.failed,
                counts.duplicates, (System.nanoTime() - start) / 1e9);
        writeSummary(dir, options, version, result, failuresFile);
        return result;
    }

    /** How many profiles the inputs hold, counted without keeping them (for a progress bar). */
    public static long countProfiles(List<Path> inputs) {
        return Inputs.count(inputs);
    }

    /** The output directory, created and checked to be writable; stale temporary files of a killed run removed. */
    private static Path prepare(Path out) throws BatchException {
        Path dir = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".backcare-probe", ".tmp");
            Files.delete(probe);
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, ".*.tmp")) {
                for (Path file : stale) Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new BatchException("cannot write to " + out + ": " + IoErrors.describe(e), e, true);
        }
        return dir;
    }

    private static final class Counts {
        long read;
        long planned;
        long resumed;
        long failed;
        long duplicates;
        IOException fatal;
    }

    private void pipeline(BatchOptions options, Journal.Entries earlier, PlanOutput output, Journal journal,
            BufferedWriter failures, Counts counts, Progress progress) throws IOException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), task -> {
            Thread thread = new Thread(task, "backcare-batch-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        BlockingQueue<Future<Outcome>> inFlight = new ArrayBlockingQueue<>(options.threads() * IN_FLIGHT_PER_THREAD);
        Future<Outcome> end = CompletableFuture.completedFuture(null);
        AtomicReference<IOException> stopped = new AtomicReference<>();
        boolean jsonLines = options.format() == BatchOptions.Format.JSONL;
        Thread writer = new Thread(() -> {
            try {
                write(inFlight, end, output, journal, failures, counts, progress, stopped);
            } catch (IOException e) {
                stopped.set(e);
                drain(inFlight, end);
            }
        }, "backcare-batch-writer");
        writer.start();
        try (Inputs inputs = new Inputs(options.inputs())) {
            while (stopped.get() == null && inputs.hasNext()) {
                Input input = inputs.next();
                inFlight.put(workers.submit(() -> plan(input, earlier, output, jsonLines)));
            }
            inFlight.put(end);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.compareAndSet(null, new IOException("interrupted"));
        } finally {
            workers.shutdownNow();
        }
        if (stopped.get() != null) counts.fatal = stopped.get();
    }

    private static void drain(BlockingQueue<Future<Outcome>> inFlight, Future<Outcome> end) {
        try {
            for (Future<Outcome> next = inFlight.take(); next != end; next = inFlight.take()) next.cancel(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Worker: parse, plan and write the JSON of one input, or say why not. */
    private Outcome plan(Input input, Journal.Entries earlier, PlanOutput output, boolean jsonLines) {
        if (input.problem() != null) return Outcome.failed(input, null, List.of(input.problem()));
        Profile profile;
        try {
            profile = reader.parse(input.where(), input.content(), input.format());
        } catch (InvalidProfileException e) {
            // Inside a .jsonl file the line is the input's own; a parser's line within it says nothing more.
            boolean withLines = input.line() == 0;
            return Outcome.failed(input, null, e.problems().stream().map(p -> reason(p, withLines)).toList());
        }
        try {
            long fingerprint = Fingerprint.ofInput(planner.rulesVersion(), input.content());
            long idFingerprint = Fingerprint.ofId(profile.id());
            long position = earlier.done().get(fingerprint, -1);
            if (position >= 0 && output.stillThere(profile.id(), position)) {
                return new Outcome(input, profile.id(), idFingerprint, fingerprint, null, true, null);
            }
            String json = jsonLines ? planWriter.toJsonLine(planner.plan(profile)) : planWriter.toJson(planner.plan(profile));
            return new Outcome(input, profile.id(), idFingerprint, fingerprint, json, false, null);
        } catch (RulesException e) {
            return Outcome.failed(input, profile.id(), List.of("the rules failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            return Outcome.failed(input, profile.id(), List.of("internal error: " + e));
        }
    }

    private static String reason(Problem problem, boolean withLine) {
        String line = withLine && problem.line() > 0 ? "line " + problem.line() + ": " : "";
        return line + (problem.field().isEmpty() ? "" : problem.field() + ": ") + problem.message();
    }

    /** Writer: the results in input order; ids checked for duplicates; plans, journal and failures written. */
    private static void write(BlockingQueue<Future<Outcome>> inFlight, Future<Outcome> end, PlanOutput output,
            Journal journal, BufferedWriter failures, Counts counts, Progress progress,
            AtomicReference<IOException> stopped) throws IOException {
        LongMap ids = new LongMap();
        int sinceFlush = 0;
        try {
            for (Future<Outcome> next = inFlight.take(); next != end; next = inFlight.take()) {
                Outcome outcome = outcome(next);
                counts.read++;
                if (outcome.isFailure()) {
                    fail(failures, counts, outcome.input(), outcome.profileId(), outcome.reasons());
                } else if (!ids.put(outcome.idFingerprint(), outcome.input().sequence())) {
                    counts.duplicates++;
                    fail(failures, counts, outcome.input(), outcome.profileId(), List.of("duplicate profile id \""
                            + outcome.profileId() + "\": an earlier input has the same id, and only the first is"
                            + " planned"));
                } else if (outcome.resumed()) {
                    // already in the journal, which this run continues
                    counts.planned++;
                    counts.resumed++;
                } else {
                    long position;
                    try {
                        position = output.write(outcome.profileId(), outcome.json());
                    } catch (IOException e) {
                        if (!output.isolatesFailures()) throw e;
                        fail(failures, counts, outcome.input(), outcome.profileId(),
                                List.of("cannot write the plan: " + IoErrors.describe(e)));
                        progress.step();
                        continue;
                    }
                    counts.planned++;
                    journal.done(outcome.inputFingerprint(), position);
                    if (++sinceFlush >= FLUSH_EVERY) {
                        output.flush();
                        journal.flush();
                        sinceFlush = 0;
                    }
                }
                progress.step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.compareAndSet(null, new IOException("interrupted"));
        }
    }

    private static Outcome outcome(Future<Outcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a planning task failed outside its own error handling", e.getCause());
        }
    }

    private static void fail(BufferedWriter failures, Counts counts, Input input, String profileId,
            List<String> reasons) throws IOException {
        counts.failed++;
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("source", input.source());
            if (input.line() > 0) json.writeNumberField("line", input.line());
            if (profileId != null) json.writeStringField("profileId", profileId);
            json.writeArrayFieldStart("reasons");
            for (String reason : reasons) json.writeString(reason);
            json.writeEndArray();
            json.writeEndObject();
        }
        failures.write(line.toString());
        failures.newLine();
    }

    /** {@code summary.json}: the counts, the rules version, the time taken and every failure, written atomically. */
    private static void writeSummary(Path dir, BatchOptions options, String version, BatchResult result,
            Path failuresFile) throws BatchException {
        Path temporary = dir.resolve("." + SUMMARY + ".tmp");
        try {
            try (JsonGenerator json = JSON.createGenerator(temporary.toFile(), JsonEncoding.UTF8);
                    BufferedReader failures = Files.newBufferedReader(failuresFile, StandardCharsets.UTF_8)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("rulesVersion", version);
                json.writeArrayFieldStart("inputs");
                for (Path input : options.inputs()) json.writeString(input.toString());
                json.writeEndArray();
                json.writeStringField("format", options.format() == BatchOptions.Format.JSON ? "json" : "jsonl");
                json.writeNumberField("threads", options.threads());
                json.writeNumberField("read", result.read());
                json.writeNumberField("planned", result.planned());
                json.writeNumberField("resumed", result.resumed());
                json.writeNumberField("failed", result.failed());
                json.writeNumberField("duplicates", result.duplicates());
                json.writeNumberField("seconds", Math.round(result.seconds() * 1000) / 1000.0);
                json.writeArrayFieldStart("failures");
                String failure;
                while ((failure = failures.readLine()) != null) json.writeRawValue(failure);
                json.writeEndArray();
                json.writeEndObject();
            }
            Files.move(temporary, dir.resolve(SUMMARY), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(failuresFile);
        } catch (IOException e) {
            throw new BatchException("cannot write " + dir.resolve(SUMMARY) + ": " + IoErrors.describe(e), e, false);
        }
    }
}
