package org.backcare.spark;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.backcare.Planner;
import org.backcare.profile.Profile;
import org.backcare.run.TimeLimit;

/**
 * Planning within a time limit, for one task: profiles are planned a batch at a time on a thread of the task's own
 * (one hand-over per batch, not per profile), so that a rule whose action loops or waits fails that profile instead
 * of hanging the job. A thread past the limit is interrupted and left behind (a daemon; Java cannot stop it safely)
 * and a new one goes on from the next profile; after {@value #MAX_HUNG} such profiles in one task the rules are taken
 * to be broken and the task fails, as batch stops. The limit is on wall-clock time: a Spark task has its core. Used
 * by one thread.
 */
final class BoundedPlanning implements AutoCloseable {
    static final int MAX_HUNG = 8;
    private final Planner planner;
    private final Duration limit;
    private ExecutorService thread = newThread();
    private int hung;

    BoundedPlanning(Planner planner, Duration limit) {
        this.planner = planner;
        this.limit = limit;
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "backcare-spark-planning");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A profile whose planning ran past the limit. */
    static final class TooLong extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLong(Duration limit) {
            super(TimeLimit.describe(limit), null, false, false);
        }
    }

    /** The rules hung on too many profiles for the job to go on. */
    static final class RulesHung extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RulesHung(String message) {
            super(message);
        }
    }

    /**
     * Plans a batch of profiles in order, noting where it has got to, so that a hung one can be told apart. Its
     * outcomes are its own: a thread left behind may still write them, never those of the batch after it.
     */
    private final class Batch implements Runnable {
        private final List<Profile> profiles;
        private final Object[] outcomes;
        private volatile int current;
        private volatile long startedAt;

        Batch(List<Profile> profiles, int from) {
            this.profiles = profiles;
            this.outcomes = new Object[profiles.size()];
            this.current = from;
            this.startedAt = System.nanoTime();
        }

        @Override
        public void run() {
            for (int i = current; i < profiles.size(); i++) {
                startedAt = System.nanoTime();
                current = i;
                try {
                    outcomes[i] = planner.plan(profiles.get(i));
                } catch (RuntimeException | StackOverflowError e) {
                    outcomes[i] = e;
                }
                if (Thread.currentThread().isInterrupted()) return;
            }
        }
    }

    /**
     * The outcome of each profile, in order: its {@link org.backcare.plan.Plan}, or what it threw ({@link TooLong}
     * when it ran past the limit).
     *
     * @throws RulesHung when the rules have now hung on more than {@value #MAX_HUNG} profiles of this task
     */
    Object[] plan(List<Profile> profiles) {
        Object[] outcomes = new Object[profiles.size()];
        int from = 0;
        while (from < profiles.size()) {
            Batch batch = new Batch(profiles, from);
            int hungAt = await(batch, thread.submit(batch));
            int end = hungAt < 0 ? profiles.size() : hungAt;
            // what the batch finished before it ended or hung: written before it moved on (a volatile write)
            System.arraycopy(batch.outcomes, from, outcomes, from, end - from);
            if (hungAt >= 0) outcomes[hungAt] = new TooLong(limit);
            from = hungAt < 0 ? end : hungAt + 1;
        }
        return outcomes;
    }

    /** Waits for a batch to end: -1, or the index of its profile that ran past the limit. */
    private int await(Batch batch, Future<?> done) {
        long wait = limit.toNanos();
        while (true) {
            try {
                done.get(wait, TimeUnit.NANOSECONDS);
                return -1;
            } catch (TimeoutException e) {
                int current = batch.current;
                long running = System.nanoTime() - batch.startedAt;
                if (running < limit.toNanos() || done.isDone()) {
                    wait = Math.max(1, limit.toNanos() - running);
                    continue;
                }
                done.cancel(true);
                thread.shutdownNow();
                thread = newThread();
                if (++hung > MAX_HUNG) {
                    throw new RulesHung("the planning of " + hung + " profiles ran past the time limit of "
                            + TimeLimit.seconds(limit) + "; an action of the rules loops or waits, so the job stopped");
                }
                return current;
            } catch (InterruptedException e) {
                done.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while planning", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("planning failed outside its own error handling", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
