package org.backcare.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code <id>.plan.json} per profile in the output directory, each written to a temporary file and renamed into
 * place, so that a crash never leaves a half-written plan. A file name that would leave the directory is refused.
 */
final class PlanFiles implements PlanOutput {
    static final String SUFFIX = ".plan.json";

    private final Path dir;

    PlanFiles(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The plan file for a profile id, or an exception when the id would not name a file inside the directory. */
    Path fileFor(String profileId) throws IOException {
        String name = profileId + SUFFIX;
        Path file = dir.resolve(name).normalize();
        if (profileId.isEmpty() || profileId.contains("/") || profileId.contains("\\")
                || !dir.equals(file.getParent()) || !file.getFileName().toString().equals(name)) {
            throw new IOException("the profile id \"" + profileId + "\" does not name a file inside " + dir);
        }
        return file;
    }

    @Override
    public long write(String profileId, String json) throws IOException {
        AtomicFiles.writeString(fileFor(profileId), json + "\n");
        return 0;
    }

    @Override
    public boolean stillThere(String profileId, long position) {
        try {
            return Files.isRegularFile(fileFor(profileId));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean isolatesFailures() {
        return true;
    }

    @Override
    public void flush() {
        // every plan is complete once write returns
    }

    @Override
    public void finish() {
        // nothing to complete
    }

    @Override
    public void close() {
        // nothing held open
    }
}
