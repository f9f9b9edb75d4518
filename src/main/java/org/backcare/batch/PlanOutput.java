package org.backcare.batch;

import java.io.IOException;

/** Where a batch writes its plans. Used by one thread. */
interface PlanOutput extends AutoCloseable {

    /** Writes one plan; returns where the journal should note the output stands after it (for resuming). */
    long write(String profileId, String json) throws IOException;

    /**
     * Whether a plan an earlier run wrote for this profile, the journal says up to {@code position}, is still there
     * (so it can be skipped). Called from many threads.
     */
    boolean stillThere(String profileId, long position);

    /** Whether a failed write spoils only its own plan ({@code true}), or the whole output. */
    boolean isolatesFailures();

    /** Flushes what was written, so that the journal may refer to it. */
    void flush() throws IOException;

    /** Completes the output once every plan is written. */
    void finish() throws IOException;

    @Override
    void close();
}
