package org.backcare.batch;

import java.io.IOException;
import org.backcare.Fixtures;

/**
 * A batch's plan output that works for {@code healthy} writes and then fails as a full disk does (or, for
 * {@link #outOfMemoryAfter}, as a writer that runs out of memory does).
 */
final class FullDisk implements PlanOutput {
    private final PlanOutput real;
    private final boolean memory;
    private int left;

    FullDisk(PlanOutput real, int healthy, boolean memory) {
        this.real = real;
        this.left = healthy;
        this.memory = memory;
    }

    /** A batch runner whose output fills the disk after {@code healthy} plans are written. */
    static BatchRunner after(int healthy) {
        return runner(healthy, false);
    }

    /** A batch runner whose writer runs out of memory after {@code healthy} plans are written. */
    static BatchRunner outOfMemoryAfter(int healthy) {
        return runner(healthy, true);
    }

    private static BatchRunner runner(int healthy, boolean memory) {
        return new BatchRunner(Fixtures.planner(), (dir, options, earlier, journal) -> new FullDisk(
                options.format() == BatchOptions.Format.JSON ? new PlanFiles(dir, options.resume(), earlier)
                        : new PlanLines(dir, options.resume(), earlier, journal), healthy, memory));
    }

    @Override
    public long write(String profileId, byte[] json) throws IOException {
        if (left-- <= 0) {
            if (memory) throw new OutOfMemoryError("Java heap space");
            throw new IOException("No space left on device");
        }
        return real.write(profileId, json);
    }

    @Override
    public boolean mayKeep(long inputFingerprint, String profileId) {
        return real.mayKeep(inputFingerprint, profileId);
    }

    @Override
    public boolean keep(long inputFingerprint, String profileId) throws IOException {
        return real.keep(inputFingerprint, profileId);
    }

    @Override
    public boolean isolatesFailures() {
        return real.isolatesFailures();
    }

    @Override
    public void flush() throws IOException {
        real.flush();
    }

    @Override
    public void finish(LongMap planned) throws IOException {
        real.finish(planned);
    }

    @Override
    public void close() {
        real.close();
    }
}
