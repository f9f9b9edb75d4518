package org.backcare.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.backcare.io.FailureReasons;
import org.backcare.io.Input;
import org.backcare.io.Inputs;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.rules.RulesException;

/**
 * {@code review import}: the profiles of the inputs {@code batch} reads, planned and put in the workspace. Streams:
 * profiles are read, planned on every thread and stored a chunk at a time, one transaction per chunk, while the next
 * chunk is planned. A profile that cannot be read or planned is listed with its reason, as batch lists it, and the
 * rest go on; a chunk is stored whole or not at all, so an import killed at any moment leaves every stored profile
 * whole, and running it again stores only what it had not (the same profile again changes nothing).
 */
public final class ProfileImport {
    /** Profiles stored in one transaction. */
    static final int CHUNK = 256;
    /** Failures a result lists in full; the rest are counted. */
    static final int MAX_LISTED = 1_000;

    private ProfileImport() {
    }

    /** What an import did: profiles read, new, updated, unchanged and failed, and the failures' reasons. */
    public record Result(long read, long added, long updated, long unchanged, long failed, List<String> failures,
            double seconds) {
    }

    /** A profile of a chunk: its input, and once planned, what to store or why not. */
    private record Item(Input input, Workspace.Prepared prepared, List<String> reasons) {
    }

    /**
     * Imports {@code inputs} as {@code actor} on {@code threads} threads; {@code step} hears each profile done.
     *
     * @throws WorkspaceException when the database fails: the chunks stored before stay
     */
    public static Result run(Workspace workspace, List<Path> inputs, String actor, int threads, Runnable step)
            throws WorkspaceException {
        return run(workspace, inputs, actor, threads, false, step);
    }

    /**
     * As {@link #run(Workspace, List, String, int, Runnable)}; {@code takeSections} takes the clinician's sections the
     * files hold (entered in another clinical system) instead of leaving them out.
     */
    public static Result run(Workspace workspace, List<Path> inputs, String actor, int threads, boolean takeSections,
            Runnable step) throws WorkspaceException {
        long start = System.nanoTime();
        long[] counts = new long[5]; // read, added, updated, unchanged, failed
        List<String> failures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ExecutorService planners = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "backcare-import");
            thread.setDaemon(true);
            return thread;
        });
        ProfileReader reader = new ProfileReader();
        try (Inputs profiles = new Inputs(inputs)) {
            List<Future<Item>> planning = next(profiles, planners, workspace, reader);
            while (!planning.isEmpty()) {
                List<Item> chunk = new ArrayList<>(planning.size());
                for (Future<Item> item : planning) chunk.add(get(item));
                // the next chunk is planned while this one is stored
                planning = next(profiles, planners, workspace, reader);
                store(workspace, chunk, actor, takeSections, seen, counts, failures);
                for (int i = 0; i < chunk.size(); i++) step.run();
            }
        } finally {
            planners.shutdownNow();
        }
        return new Result(counts[0], counts[1], counts[2], counts[3], counts[4], List.copyOf(failures),
                (System.nanoTime() - start) / 1e9);
    }

    private static List<Future<Item>> next(Inputs profiles, ExecutorService planners, Workspace workspace,
            ProfileReader reader) {
        List<Future<Item>> chunk = new ArrayList<>(CHUNK);
        while (chunk.size() < CHUNK && profiles.hasNext()) {
            Input input = profiles.next();
            chunk.add(planners.submit(() -> prepare(workspace, reader, input)));
        }
        return chunk;
    }

    private static Item prepare(Workspace workspace, ProfileReader reader, Input input) {
        if (input.problem() != null) return new Item(input, null, List.of(input.problem()));
        Profile profile;
        try {
            profile = reader.parse(input.where(), input.content(), input.format());
        } catch (InvalidProfileException e) {
            return new Item(input, null, FailureReasons.of(e, input.line() == 0));
        }
        try {
            return new Item(input, workspace.prepareIfChanged(profile, input.where()), null);
        } catch (RulesException e) {
            return new Item(input, null, List.of("the rules failed: " + e.getMessage()));
        } catch (WorkspaceException e) {
            // the database failed: the chunk's transaction will fail the same way, and stop the import
            return new Item(input, null, List.of("the workspace failed: " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return new Item(input, null, List.of("internal error: " + e));
        }
    }

    private static Item get(Future<Item> item) throws WorkspaceException {
        try {
            return item.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkspaceException("the import was interrupted", e);
        } catch (ExecutionException e) {
            throw new WorkspaceException("planning failed outside its own error handling: " + e.getCause(), e);
        }
    }

    /** Stores a chunk in one transaction, in input order; a profile id seen before in this import fails. */
    private static void store(Workspace workspace, List<Item> chunk, String actor, boolean takeSections,
            Set<String> seen, long[] counts, List<String> failures) throws WorkspaceException {
        long[] these = new long[5];
        List<String> theseFailures = new ArrayList<>();
        Set<String> theseIds = new HashSet<>();
        workspace.inTransaction("store profiles", connection -> {
            // from the start on each attempt (a transaction that met another is done again)
            java.util.Arrays.fill(these, 0);
            theseFailures.clear();
            theseIds.clear();
            List<AuditLog.Event> events = new ArrayList<>();
            for (Item item : chunk) {
                these[0]++;
                List<String> reasons = item.reasons();
                if (reasons == null) {
                    String id = item.prepared().profile().id();
                    if (seen.contains(id) || !theseIds.add(id)) reasons = List.of(FailureReasons.duplicate(id));
                }
                if (reasons != null) {
                    these[4]++;
                    if (failures.size() + theseFailures.size() < MAX_LISTED) {
                        theseFailures.add(item.input().where() + ": " + String.join("; ", reasons));
                    }
                    continue;
                }
                Workspace.Put put = workspace.put(connection, item.prepared(), actor, takeSections, events);
                these[switch (put.outcome()) {
                    case NEW -> 1;
                    case UPDATED -> 2;
                    case UNCHANGED -> 3;
                }]++;
            }
            AuditLog.append(connection, workspace.now(), events);
            return null;
        });
        // counted once the chunk is committed: a failed chunk counts nothing
        for (int i = 0; i < counts.length; i++) counts[i] += these[i];
        failures.addAll(theseFailures);
        seen.addAll(theseIds);
    }
}
