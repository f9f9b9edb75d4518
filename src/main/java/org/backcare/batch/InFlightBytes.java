package org.backcare.batch;

/**
 * The bytes of profiles and plans between the reader and the writer of a run, bounded whatever the number of threads:
 * the reader reserves room for each profile (its bytes and a plan's usual size) and waits while the budget is spent;
 * a worker whose plan is larger than reserved adds the difference without waiting (so no worker ever waits for the
 * writer, which may be waiting for it); the writer gives the room back as it writes. At most the budget plus what
 * the plans being made overshoot their reservation is ever held.
 */
final class InFlightBytes {
    /** A plan's usual size in JSON, reserved for each profile read (full indented plans run 10 to 25 KB). */
    static final long PLAN_ESTIMATE = 32 * 1024;

    private final long budget;
    private long held;
    /** Set when the writer stopped: nothing will be given back, and the reader must not wait for it. */
    private boolean closed;

    InFlightBytes(long budget) {
        this.budget = budget;
    }

    /** The budget for this JVM: 64 MiB, or an eighth of the heap when that is less, and never below 1 MiB. */
    static InFlightBytes forThisHeap() {
        return new InFlightBytes(Math.max(1 << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8)));
    }

    /** Reserves {@code bytes}, waiting while the budget is spent (but never when nothing is held). */
    synchronized void reserve(long bytes) throws InterruptedException {
        while (!closed && held > 0 && held + bytes > budget) wait();
        held += bytes;
    }

    /** Stops every wait for room, now and later: the writer has stopped, and the reader is to see that it has. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Adds (or, when negative, gives back) the difference between a plan's size and what was reserved for it. */
    synchronized void adjust(long bytes) {
        held += bytes;
        if (bytes < 0) notifyAll();
    }

    /** Gives back what a written (or failed) profile held. */
    synchronized void release(long bytes) {
        held -= bytes;
        notifyAll();
    }

    synchronized long held() {
        return held;
    }
}
