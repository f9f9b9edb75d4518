package org.backcare.batch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * One {@code <id>.plan.json} per profile in the output directory, each written to a new temporary file and renamed
 * into place, so that a crash never leaves a half-written plan and a link planted at a plan's name is replaced, not
 * written through. A file name that would leave the directory is refused.
 */
final class PlanFiles implements PlanOutput {
    static final String SUFFIX = ".plan.json";

    private final OutputDirectory dir;
    private final LongMap earlierIds;

    /**
     * @param earlierIds fingerprints of the ids an earlier run planned into this directory, when resuming it: the
     *     plans of those the finished run does not plan again are removed
     */
    PlanFiles(OutputDirectory dir, LongMap earlierIds) {
        this.dir = dir;
        this.earlierIds = earlierIds;
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
    public long write(String profileId, String json) throws IOException {
        dir.write(fileFor(profileId), json + "\n");
        return 0;
    }

    @Override
    public String earlier(String profileId, long span) {
        try {
            return dir.hasFile(fileFor(profileId)) ? KEPT : null;
        } catch (IOException e) {
            return null;
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

    /** Removes the plans an earlier run wrote for ids this run did not plan (their profiles changed or went). */
    @Override
    public void finish(LongMap planned) throws IOException {
        if (earlierIds.size() == 0) return;
        try (DirectoryStream<Path> plans = Files.newDirectoryStream(dir.path(), "*" + SUFFIX)) {
            for (Path plan : plans) {
                String name = plan.getFileName().toString();
                long id = Fingerprint.ofId(name.substring(0, name.length() - SUFFIX.length()));
                if (earlierIds.containsKey(id) && !planned.containsKey(id)
                        && Files.isRegularFile(plan, LinkOption.NOFOLLOW_LINKS)) {
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
