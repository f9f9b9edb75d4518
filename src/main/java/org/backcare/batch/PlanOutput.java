package org.backcare.batch;

import java.io.IOException;

/** Where a batch writes its plans. Used by one thread, except {@link #earlier}. */
interface PlanOutput extends AutoCloseable {

    /** Writes one plan; returns where it lies in the output, as a {@link Journal#span}, for the journal. */
    long write(String profileId, String json) throws IOException;

    /**
     * The plan an earlier run wrote for this profile where the journal says it lies, when it is still there: the
     * plan's JSON to write again, or {@link #KEPT} when it stays where it is; {@code null} when it is gone. Called
     * from many threads.
     */
    String earlier(String profileId, long span);

    /** What {@link #earlier} returns for a plan that stays in place: no JSON to write. */
    String KEPT = "";

    /** Whether a failed write spoils only its own plan ({@code true}), or the whole output. */
    boolean isolatesFailures();

    /** Flushes what was written, so that the journal may refer to it. */
    void flush() throws IOException;

    /**
     * Completes the output once every plan is written.
     *
     * @param planned fingerprints of the ids planned in this run: a plan of an earlier run for any other id goes
     */
    void finish(LongMap planned) throws IOException;

    @Override
    void close();
}
