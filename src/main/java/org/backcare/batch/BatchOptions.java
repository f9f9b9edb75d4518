package org.backcare.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a batch run is asked to do.
 *
 * @param inputs files and directories of profiles
 * @param out the output directory
 * @param format how plans are written
 * @param threads how many threads plan at once
 * @param resume whether to keep the plans an earlier run wrote for the same input bytes and rules
 * @param timeLimit how long the planning of one profile may take before it is stopped and failed
 */
public record BatchOptions(List<Path> inputs, Path out, Format format, int threads, boolean resume,
        Duration timeLimit) {
    public BatchOptions {
        inputs = List.copyOf(inputs);
        if (threads < 1) throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, got " + timeLimit);
        }
    }

    /** Options with the default time limit. */
    public BatchOptions(List<Path> inputs, Path out, Format format, int threads, boolean resume) {
        this(inputs, out, format, threads, resume, TimeLimit.DEFAULT);
    }

    /** One {@code <id>.plan.json} per profile, or one {@code plans.jsonl} for big jobs. */
    public enum Format {
        JSON, JSONL;

        /** The name on the command line and in the journal and summary. */
        public String wireName() {
            return this == JSON ? "json" : "jsonl";
        }
    }
}
