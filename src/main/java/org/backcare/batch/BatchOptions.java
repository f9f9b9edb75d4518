package org.backcare.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * What a batch run is asked to do.
 *
 * @param inputs files and directories of profiles
 * @param out the output directory
 * @param format how plans are written
 * @param threads how many threads plan at once
 * @param resume whether to skip profiles whose plan an earlier run of the same rules already wrote
 */
public record BatchOptions(List<Path> inputs, Path out, Format format, int threads, boolean resume) {
    public BatchOptions {
        inputs = List.copyOf(inputs);
        if (threads < 1) throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
    }

    /** One {@code <id>.plan.json} per profile, or one {@code plans.jsonl} for big jobs. */
    public enum Format { JSON, JSONL }
}
