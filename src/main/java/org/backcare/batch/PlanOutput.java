package org.backcare.batch;

import java.io.IOException;

/** Where a batch writes its plans. Used by one thread, except {@link #mayKeep}. */
interface PlanOutput extends AutoCloseable {

    /**
     * Writes one plan, its JSON in UTF-8; returns where it lies in the output, as a {@link Journal#span}, for the
     * journal.
     */
    long write(String profileId, byte[] json) throws IOException;

    /**
     * Whether the plan an earlier run wrote for this profile's bytes may still be kept, so that a worker need not
     * plan it: a hint, which {@link #keep} confirms. Called from many threads.
     */
    boolean mayKeep(long inputFingerprint, String profileId);

    /**
     * Keeps the plan an earlier run wrote for this profile's bytes, when it is still there and still in its place;
     * {@code false} when it must be planned and written again. Called in input order.
     */
    boolean keep(long inputFingerprint, String profileId) throws IOException;

    /** Whether a failed write spoils only its own plan ({@code true}), or the whole output. */
    boolean isolatesFailures();

    /** Flushes what was written, so that the journal may refer to it. */
    void flush() throws IOException;

    /**
     * Completes the output once every plan is written.
     *
     * @param planned fingerprints of the ids with a plan in this run: when resuming, any other plan goes
     */
    void finish(LongMap planned) throws IOException;

    @Override
    void close();
}
