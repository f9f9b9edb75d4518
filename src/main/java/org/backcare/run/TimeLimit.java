package org.backcare.run;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A time limit on planning, so that a rule whose action loops or waits (which no engine setting can stop) fails the
 * profile with a clear error instead of hanging the command. The stuck thread cannot be stopped safely in Java: it is
 * interrupted and left behind as a daemon thread, and the process's end takes it.
 */
public final class TimeLimit {
    /** The limit when none is given: ample, since a plan takes well under a millisecond once the rules are loaded. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private TimeLimit() {
    }

    /** Planning that took longer than its limit. */
    public static final class Exceeded extends Exception {
        private static final long serialVersionUID = 1L;

        Exceeded(Duration limit) {
            super(describe(limit));
        }
    }

    /** The reason a profile failed for taking too long. */
    public static String describe(Duration limit) {
        return "planning took longer than " + seconds(limit) + " and was stopped: an action of the rules may loop or"
                + " wait (see --time-limit)";
    }

    public static String seconds(Duration limit) {
        double seconds = limit.toMillis() / 1000.0;
        return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)) + " s";
    }

    /**
     * The threads tasks run on: reused from task to task (a thread made for every plan costs more than the plan's
     * rules in a report of thousands), and one that a stuck task keeps is never handed another; daemon threads, so
     * that the process's end takes a stuck one.
     */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "backcare-planning");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code task} on a thread of the pool and returns its result, or fails after {@code limit}. */
    public static <T> T call(Supplier<T> task, Duration limit) throws Exceeded {
        Future<T> future = THREADS.submit(task::get);
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Exceeded(limit);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while planning", e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }

    /** What a task threw, to throw again in its caller: an Error as it is, a RuntimeException as it is, else wrapped. */
    public static RuntimeException rethrown(ExecutionException e) {
        if (e.getCause() instanceof Error error) throw error;
        if (e.getCause() instanceof RuntimeException runtime) return runtime;
        return new IllegalStateException(e.getCause());
    }
}
