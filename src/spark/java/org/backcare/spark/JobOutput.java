package org.backcare.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A job's {@code plans/} and {@code failures/}: written together, in the one pass that plans, into a staging
 * directory by Spark's output committer (split by outcome), then moved into place, the old ones moved aside first.
 * The summary is what says which run they belong to: it says {@code running} from the start and {@code finished}
 * only once both are in place. A job that dies while Spark writes leaves the old output as it was (and the staging
 * directory, which readers of {@code DIR} skip: its name starts with {@code _}); one killed in the moment of the
 * moves can leave the new plans beside the old failures, the old ones whole in {@code _previous}. Never a
 * half-written {@code plans/}.
 */
final class JobOutput {
    static final String PLANS = "plans";
    static final String FAILURES = "failures";
    static final String STAGING = "_staging";
    static final String PREVIOUS = "_previous";
    private static final StructType VALUES = new StructType().add("value", DataTypes.StringType);

    private final SparkSession spark;
    private final Path dir;
    private final FileSystem fs;

    JobOutput(SparkSession spark, String out) {
        this.spark = spark;
        this.dir = new Path(out);
        try {
            this.fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new SparkPlanJob.JobException(out + ": cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the outcomes ({@code outcome}, {@code planned} or {@code failed}, and the columns to keep) and moves them
     * into place. Rows are not sorted by outcome first: each task keeps a writer open per outcome.
     */
    void write(Dataset<Row> outcomes, SparkPlanJob.OutputFormat format) {
        Path staging = new Path(dir, STAGING);
        String writers = spark.conf().get("spark.sql.maxConcurrentOutputFileWriters", "0");
        spark.conf().set("spark.sql.maxConcurrentOutputFileWriters", "2");
        try {
            if (format == SparkPlanJob.OutputFormat.PARQUET) {
                outcomes.write().mode(SaveMode.Overwrite).partitionBy("outcome").parquet(staging.toString());
            } else {
                outcomes.write().mode(SaveMode.Overwrite).partitionBy("outcome").option("compression", "none")
                        .text(staging.toString());
            }
        } finally {
            spark.conf().set("spark.sql.maxConcurrentOutputFileWriters", writers);
        }
        try {
            // the old output out of the way first, then the new one in: a job killed in between (a moment) leaves
            // the old one whole in _previous, and a summary that does not say finished
            Path previous = new Path(dir, PREVIOUS);
            fs.delete(previous, true);
            fs.mkdirs(previous);
            for (String name : List.of(PLANS, FAILURES)) {
                Path old = new Path(dir, name);
                if (fs.exists(old) && !fs.rename(old, new Path(previous, name))) {
                    throw new IOException("cannot move " + old + " aside");
                }
            }
            moveIntoPlace(new Path(staging, "outcome=" + PlanPartition.PLANNED), new Path(dir, PLANS));
            moveIntoPlace(new Path(staging, "outcome=" + PlanPartition.FAILED), new Path(dir, FAILURES));
            fs.delete(staging, true);
            fs.delete(previous, true);
        } catch (IOException e) {
            throw new SparkPlanJob.JobException("cannot move the output into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Moves {@code written} to {@code target} (an empty directory when the job wrote none), marked done. */
    private void moveIntoPlace(Path written, Path target) throws IOException {
        if (fs.exists(written)) {
            if (!fs.rename(written, target)) throw new IOException("cannot rename " + written + " to " + target);
        } else {
            fs.mkdirs(target);
        }
        fs.create(new Path(target, "_SUCCESS"), true).close();
    }

    /** The plans written. */
    Dataset<Row> plans(SparkPlanJob.OutputFormat format) {
        Path plans = new Path(dir, PLANS);
        if (!hasParts(plans)) return spark.createDataFrame(List.of(), VALUES);
        return format == SparkPlanJob.OutputFormat.PARQUET ? spark.read().parquet(plans.toString())
                : spark.read().text(plans.toString());
    }

    /** The failures written, each as {@code source}, {@code line} and {@code value}, its line of JSON. */
    Dataset<Row> failures(SparkPlanJob.OutputFormat format) {
        Path failures = new Path(dir, FAILURES);
        if (!hasParts(failures)) {
            return spark.createDataFrame(List.of(), VALUES.add("source", DataTypes.StringType)
                    .add("line", DataTypes.LongType));
        }
        if (format == SparkPlanJob.OutputFormat.PARQUET) {
            return spark.read().parquet(failures.toString()).select(col("source"), col("line"),
                    to_json(struct(col("source"), col("line"), col("profileId"), col("reasons"))).as("value"));
        }
        return spark.read().text(failures.toString()).select(
                get_json_object(col("value"), "$.source").as("source"),
                get_json_object(col("value"), "$.line").cast(DataTypes.LongType).as("line"), col("value"));
    }

    private boolean hasParts(Path directory) {
        try {
            for (FileStatus file : fs.listStatus(directory)) {
                if (file.getPath().getName().startsWith("part-")) return true;
            }
            return false;
        } catch (IOException e) {
            throw new SparkPlanJob.JobException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }
}
