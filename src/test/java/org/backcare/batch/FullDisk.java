package org.backcare.batch;

import java.io.IOException;
import org.backcare.Fixtures;

/** A batch's plan output that works for {@code healthy} writes and then fails as a full disk does. */
final class FullDisk implements PlanOutput {
    private final PlanOutput real;
    private int left;

    FullDisk(PlanOutput real, int healthy) {
        this.real = real;
        this.left = healthy;
    }

    /** A batch runner whose output fills the disk after {@code healthy} plans are written. */
    static BatchRunner after(int healthy) {
        return new BatchRunner(Fixtures.planner(), (dir, options, earlier, journal) -> new FullDisk(
                options.format() == BatchOptions.Format.JSON ? new PlanFiles(dir, options.resume(), earlier)
                        : new PlanLines(dir, options.resume(), earlier, journal), healthy));
    }

    @Override
    public long write(String profileId, byte[] json) throws IOException {
        if (left-- <= 0) throw new IOException("No space left on device");
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
