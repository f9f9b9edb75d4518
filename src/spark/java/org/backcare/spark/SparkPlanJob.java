package org.backcare.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.backcare.Planner;
import org.backcare.io.IoErrors;
import org.backcare.io.OutputDirectory;

/**
 * {@code backcare spark}: the profiles of JSON Lines or Parquet files planned on Spark into {@code DIR/plans/} (JSON
 * Lines, one plan per line, each byte for byte the line {@code backcare batch --format jsonl} writes; or Parquet
 * with {@code profileId}, {@code triage}, {@code focus} and the {@code plan} JSON), {@code DIR/failures/} (one JSON
 * object per line, as batch's {@code failures.jsonl}) and {@code DIR/summary.json} with batch's counts.
 *
 * <p>As batch: every input line is planned or listed as a failure; of several profiles with one id, the first in
 * input order (file path, then line) whose planning succeeds is planned and the others are failures
 * ({@code duplicates}, or their own failures). Three passes over the input: its lines counted (for line numbers), its
 * ids (to find the profiles that share one), and the one that plans and writes, which brings the profiles that share
 * an id together by id to plan them in input order. A re-run replaces plans and failures through Spark's output
 * committer and a staging directory ({@link JobOutput}); a job that dies leaves a summary that does not say
 * {@code finished}.
 */
public final class SparkPlanJob {
    /** What the profiles come as. */
    public enum InputFormat { JSONL, PARQUET }

    /** What the plans go out as. */
    public enum OutputFormat { JSONL, PARQUET }

    /**
     * A job: the {@code inputs} (files, directories or globs, local or on any file system Spark reads), the output
     * directory {@code out}, the formats, the rules directory ({@code null}: the built-in rules) and the time limit
     * on one profile's planning.
     */
    public record Options(List<String> inputs, String out, InputFormat inputFormat, OutputFormat outputFormat,
            Path rules, Duration timeLimit) {
        public Options {
            inputs = List.copyOf(inputs);
        }
    }

    /** The counts of a finished job, as {@code summary.json} gives them. */
    public record Result(long read, long planned, long failed, long duplicates, double seconds) {
    }

    /** A job that cannot run as asked (its input, output or rules), with what to fix. */
    public static final class JobException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public JobException(String message) {
            super(message);
        }

        public JobException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A job that stopped part way: its message is what stopped it. */
    public static final class JobStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobStopped(Exception cause) {
            super(describeDeepest(cause), cause);
        }

        private static String describeDeepest(Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
            return cause.getMessage() != null ? cause.getMessage() : cause.toString();
        }
    }

    static final String PLANS = JobOutput.PLANS;
    static final String FAILURES = JobOutput.FAILURES;
    /**
     * Up to this many profiles that share an id with another are sent to every task (where they are, not what they
     * hold) rather than joined (about 10 MB, Spark's own bound for sending a table to every task); the session's
     * {@code spark.backcare.broadcastDuplicates} sets another.
     */
    static final String BROADCAST_DUPLICATES = "spark.backcare.broadcastDuplicates";
    private static final long DEFAULT_BROADCAST_DUPLICATES = 100_000;

    private SparkPlanJob() {
    }

    /** The input's format when none is named: Parquet for a path ending in {@code .parquet}, JSON Lines otherwise. */
    public static InputFormat guessFormat(String input) {
        return input.toLowerCase(java.util.Locale.ROOT).replaceAll("/+$", "").endsWith(".parquet")
                ? InputFormat.PARQUET : InputFormat.JSONL;
    }

    /**
     * Runs the job in {@code spark}. The rules are loaded and checked here, on the driver, before any task starts.
     *
     * @throws JobException when the input cannot be read or the output written
     * @throws org.backcare.rules.RulesException when the rules cannot be used
     */
    public static Result run(SparkSession spark, Options options) {
        long start = System.nanoTime();
        Planner planner = options.rules() == null ? Planner.builtIn() : Planner.fromDirectory(options.rules());
        RulesSource rules = options.rules() == null ? RulesSource.builtIn(planner)
                : RulesSource.of(options.rules(), planner);
        // held until the job ends: a second job on the same directory stops here, before it touches the summary
        OutputDirectory held = lockLocalOutput(spark, options.out());
        try {
            return run(spark, options, planner, rules, start);
        } finally {
            if (held != null) held.close();
        }
    }

    /**
     * Locks an output directory on this machine's file system as {@code batch} locks its own, so that two jobs (or a
     * job and a batch) never write one directory at once; null for a directory elsewhere (HDFS, S3), which Backcare
     * cannot lock (docs: one job per directory there).
     */
    private static OutputDirectory lockLocalOutput(SparkSession spark, String out) {
        try {
            // where the job writes: a path without a scheme is on the cluster's default file system
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(out);
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!"file".equals(fs.getScheme())) return null;
            return OutputDirectory.open(Path.of(fs.makeQualified(path).toUri().getPath()));
        } catch (OutputDirectory.InUse e) {
            throw new JobException(e.getMessage(), e);
        } catch (IOException e) {
            throw new JobException(out + ": cannot be written: " + IoErrors.describe(e), e);
        }
    }

    private static Result run(SparkSession spark, Options options, Planner planner, RulesSource rules, long start) {
        SparkSummary summary = new SparkSummary(spark, options, planner.rulesVersion());
        summary.running();
        JobOutput output = new JobOutput(spark, options.out());
        Dataset<Row> shared = null;
        try {
            Dataset<Row> profiles = ProfileRows.read(spark, options.inputs(), options.inputFormat());
            // Profiles that share an id are found from the ids alone first (small rows), then brought together by id
            // and planned in input order, so that each profile is planned once and, as in batch, the first of them
            // that plans is the one planned: the others fail as duplicates, or for their own reasons (the rules
            // failing on one of them, say). All are planned in the one pass that writes plans and failures.
            shared = profiles.mapPartitions(new ProfileIds(), Encoders.row(ProfileIds.SCHEMA))
                    .withColumn("copies", count(lit(1)).over(Window.partitionBy("profileId")))
                    .where(col("copies").gt(1))
                    .select("profileId", ProfileRows.ORDER)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            // Few, as a rule: then sent whole to every task, so that the profiles are planned where they are read
            // (a join on the shuffled profiles otherwise)
            long sharedRows = shared.count();
            long broadcastAtMost = Long.parseLong(spark.conf().get(BROADCAST_DUPLICATES,
                    Long.toString(DEFAULT_BROADCAST_DUPLICATES)));
            Dataset<Row> toJoin = sharedRows <= broadcastAtMost ? broadcast(shared) : shared;
            PlanPartition planning = new PlanPartition(rules, options.timeLimit());
            Dataset<Row> outcomes;
            if (sharedRows == 0) {
                outcomes = profiles.mapPartitions(planning, Encoders.row(PlanPartition.SCHEMA));
            } else {
                Dataset<Row> alone = profiles.join(toJoin, seq(ProfileRows.ORDER), "left_anti")
                        .select(ProfileRows.columns()).mapPartitions(planning, Encoders.row(PlanPartition.SCHEMA));
                // the profiles (not their plans) brought together by id, each id's in input order
                Dataset<Row> together = profiles.join(toJoin, seq(ProfileRows.ORDER), "inner")
                        .repartition(col("profileId"))
                        .sortWithinPartitions("profileId", ProfileRows.ORDER)
                        .select(ProfileRows.columns())
                        .mapPartitions(new FirstOfId(planning), Encoders.row(PlanPartition.SCHEMA));
                outcomes = alone.union(together);
            }
            Dataset<Row> written = options.outputFormat() == OutputFormat.PARQUET
                    ? outcomes.select("outcome", "profileId", "source", "line", "triage", "focus", "plan", "reasons")
                    : outcomes.select(col("outcome"), coalesce(col("plan"), col("failure")).as("value"));
            output.write(written, options.outputFormat());
            Dataset<Row> failures = output.failures(options.outputFormat());
            long duplicated = sharedRows == 0 ? 0 : failures.filter(new FirstOfId.Duplicate()).count();
            long planned = output.plans(options.outputFormat()).count();
            long failed = failures.count();
            // by file name and line (batch lists them in input order: the same, but for several inputs)
            List<String> listed = failures.orderBy("source", "line").limit(SparkSummary.MAX_LISTED)
                    .select("value").as(Encoders.STRING()).collectAsList();
            Result result = new Result(planned + failed, planned, failed, duplicated,
                    (System.nanoTime() - start) / 1e9);
            summary.finished(result, listed);
            return result;
        } catch (JobException e) {
            summary.stopped(e.getMessage(), e);
            throw e;
        } catch (Exception e) {
            // Spark's own exceptions are checked ones that Scala throws unchecked; the deepest cause says what
            // went wrong (a task's: the rules hung, a file could not be read)
            JobStopped stopped = new JobStopped(e);
            summary.stopped(stopped.getMessage(), stopped);
            throw stopped;
        } finally {
            if (shared != null) shared.unpersist();
        }
    }

    private static scala.collection.immutable.Seq<String> seq(String... columns) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toSeq();
    }
}
