package org.backcare.batch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.backcare.io.OutputDirectory;

/**
 * One {@code <id>.plan.json} per profile in the output directory, each written to a new temporary file and renamed
 * into place, so that a crash never leaves a half-written plan and a link planted at a plan's name is replaced, not
 * written through. A file name that would leave the directory is refused. A resumed run keeps the plan files whose
 * profile bytes the journal still matches, and at its end removes every other plan file in the directory, so that
 * it holds what a clean run on the current input writes.
 */
final class PlanFiles implements PlanOutput {
    static final String SUFFIX = ".plan.json";

    private final OutputDirectory dir;
    private final Journal.Entries earlier;
    private final boolean resume;

    PlanFiles(OutputDirectory dir, boolean resume, Journal.Entries earlier) {
        this.dir = dir;
        this.resume = resume;
        this.earlier = earlier;
    }

    /** The plan file's name for a profile id, or an exception when the id would not name a file inside the directory. */
    String fileFor(String profileId) throws IOException {
        String name = profileId + SUFFIX;
        Path file = dir.path().resolve(name).normalize();
        if (profileId.isEmpty() || profileId.contains("/") || profileId.contains("\\")
                || !dir.path().equals(file.getParent()) || !file.getFileName().toString().equals(name)) {
            throw new IOException("the profile id \"" + profileId + "\" does not name a file inside " + dir.path());
        }
        return name;
    }

    @Override
    public long write(String profileId, byte[] json) throws IOException {
        dir.write(fileFor(profileId), out -> {
            out.write(json);
            out.write('\n');
        });
        return 0;
    }

    @Override
    public boolean mayKeep(long inputFingerprint, String profileId) {
        try {
            return earlier.done().containsKey(inputFingerprint) && dir.hasFile(fileFor(profileId));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean keep(long inputFingerprint, String profileId) {
        return mayKeep(inputFingerprint, profileId);
    }

    @Override
    public boolean isolatesFailures() {
        return true;
    }

    @Override
    public void flush() {
        // every plan is complete once write returns
    }

    /** When resuming, removes the plan files of ids this run has no plan for (their profiles changed or went). */
    @Override
    public void finish(LongMap planned) throws IOException {
        if (!resume) return;
        try (DirectoryStream<Path> plans = Files.newDirectoryStream(dir.path(), "*" + SUFFIX)) {
            for (Path plan : plans) {
                String name = plan.getFileName().toString();
                long id = Fingerprint.ofId(name.substring(0, name.length() - SUFFIX.length()));
                if (!planned.containsKey(id) && Files.isRegularFile(plan, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(plan);
                }
            }
        }
    }

    @Override
    public void close() {
        // nothing held open
    }
}
