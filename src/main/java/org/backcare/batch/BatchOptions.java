package org.backcare.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.backcare.run.TimeLimit;

/**
 * What a batch run is asked to do.
 *
 * @param inputs files and directories of profiles
 * @param out the output directory
 * @param format how plans are written
 * @param threads how many threads plan at once
 * @param resume whether to keep the plans an earlier run wrote for the same input bytes and rules
 * @param timeLimit how long the planning of one profile may take before it is stopped and failed
 * @param detail whether each plan holds its recommendations in full, or briefly with their texts once beside them
 */
public record BatchOptions(List<Path> inputs, Path out, Format format, int threads, boolean resume,
        Duration timeLimit, Detail detail) {
    public BatchOptions {
        inputs = List.copyOf(inputs);
        if (threads < 1) throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, got " + timeLimit);
        }
    }

    /** Options with the default time limit, full plans. */
    public BatchOptions(List<Path> inputs, Path out, Format format, int threads, boolean resume) {
        this(inputs, out, format, threads, resume, TimeLimit.DEFAULT, Detail.FULL);
    }

    /** Options with full plans. */
    public BatchOptions(List<Path> inputs, Path out, Format format, int threads, boolean resume, Duration timeLimit) {
        this(inputs, out, format, threads, resume, timeLimit, Detail.FULL);
    }

    /** What the run writes down: the output format, and {@code +compact} for brief plans (journal and summary). */
    String describe() {
        return format.wireName() + (detail == Detail.COMPACT ? "+compact" : "");
    }

    /**
     * Each plan whole ({@code FULL}, PLAN.md), or each recommendation as its id, rank, rule, because and evidence
     * ids, with the advice texts and citations written once per run in {@code advice.json} ({@code COMPACT}).
     */
    public enum Detail { FULL, COMPACT }

    /** One {@code <id>.plan.json} per profile, or one {@code plans.jsonl} for big jobs. */
    public enum Format {
        JSON, JSONL;

        /** The name on the command line and in the journal and summary. */
        public String wireName() {
            return this == JSON ? "json" : "jsonl";
        }
    }
}
