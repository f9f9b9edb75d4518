package org.backcare.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * of hanging the job. As in batch, a profile is past the limit when its planning has used that much CPU time (an
 * action that loops), or has waited three times as long (an action that waits): wall-clock time alone never counts,
 * so a loaded machine is not taken for hung rules. The thread is then left behind (a daemon; Java cannot stop it
 * safely) and a new one goes on from the next profile. It is not interrupted: an interrupt can land in the middle of
 * loading a class through Spark's class loader and break Drools for the whole executor. After {@value #MAX_HUNG}
 * such profiles in one task the rules are taken to be broken and the task fails, as batch stops. Used by one thread.
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

    /** How many time limits a planning may wait (not run) before it counts as hung, as in batch. */
    static final int WAITING_LIMITS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static ExecutorService newThread() {
        // Backcare's own class loader, not the task's (Spark's may fetch classes from the driver over the network)
        ClassLoader loader = BoundedPlanning.class.getClassLoader();
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "backcare-spark-planning");
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
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
        /** The planning thread's CPU time when the current profile started, or -1 where it cannot be measured. */
        private volatile long cpuAtStart = -1;
        private volatile Thread thread;

        Batch(List<Profile> profiles, int from) {
            this.profiles = profiles;
            this.outcomes = new Object[profiles.size()];
            this.current = from;
            this.startedAt = System.nanoTime();
        }

        /** The CPU time the current profile has used, or its wall-clock time where CPU time cannot be measured. */
        long used(long now) {
            long atStart = cpuAtStart;
            Thread planning = thread;
            long cpu = atStart < 0 || planning == null ? -1 : THREADS.getThreadCpuTime(planning.getId());
            return cpu < 0 ? now - startedAt : cpu - atStart;
        }

        boolean waiting() {
            Thread planning = thread;
            Thread.State state = planning == null ? Thread.State.RUNNABLE : planning.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            boolean measured = THREADS.isCurrentThreadCpuTimeSupported();
            for (int i = current; i < profiles.size(); i++) {
                cpuAtStart = measured ? THREADS.getCurrentThreadCpuTime() : -1;
                startedAt = System.nanoTime();
                current = i;
                try {
                    outcomes[i] = planner.plan(profiles.get(i));
                } catch (RuntimeException | Error e) {
                    // a rule's Error (or a stack overflow, or memory this plan ran out of) fails this profile alone
                    outcomes[i] = e;
                }
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
        long limitNanos = limit.toNanos();
        long wait = limitNanos;
        while (true) {
            try {
                done.get(wait, TimeUnit.NANOSECONDS);
                return -1;
            } catch (TimeoutException e) {
                int current = batch.current;
                long now = System.nanoTime();
                long wall = now - batch.startedAt;
                long used = batch.used(now);
                boolean past = used >= limitNanos || (wall >= WAITING_LIMITS * limitNanos && batch.waiting());
                if (!past || done.isDone()) {
                    // look again when it could have used up its CPU time, or reached the waiting limit
                    long untilWaitingLimit = Math.max(WAITING_LIMITS * limitNanos - wall,
                            TimeUnit.MILLISECONDS.toNanos(100));
                    wait = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(limitNanos - used, untilWaitingLimit));
                    continue;
                }
                // left behind, not interrupted (see above); a new thread goes on from the next profile
                thread.shutdown();
                thread = newThread();
                if (++hung > MAX_HUNG) {
                    throw new RulesHung("the planning of " + hung + " profiles ran past the time limit of "
                            + TimeLimit.seconds(limit) + "; an action of the rules loops or waits, so the job stopped");
                }
                return current;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while planning", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("planning failed outside its own error handling", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
