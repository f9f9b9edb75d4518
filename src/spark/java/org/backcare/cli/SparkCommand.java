package org.backcare.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.backcare.spark.SparkPlanJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backcare spark INPUT --out DIR}: plan JSON Lines or Parquet profiles on Apache Spark, locally
 * ({@code local[*]}) or, under {@code spark-submit}, on the cluster it names. Compiled beside the module (it uses
 * Spark, which names no module) and built by {@link Main} only when Spark is on the class path.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Plan the profiles of JSON Lines or Parquet files on Apache Spark: on every core of this"
            + " machine, or on a cluster under spark-submit. DIR gets plans/ (each plan as batch --format jsonl writes it, or"
            + " Parquet), failures/ and summary.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every profile was planned", "1:some profiles failed (the rest were planned)",
            "2:invalid usage, input or rules (nothing done)", "3:the job stopped part way; summary.json says so"})
final class SparkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Profile files (.jsonl, or .json, .yaml and .yml"
            + " as batch reads them) or Parquet files, directories to search, or globs; on any file system Spark reads"
            + " (hdfs://, s3a://...).")
    List<String> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the plans.")
    String out;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "jsonl (one profile per line) or parquet"
            + " (a profile column of JSON); default: parquet when INPUT ends in .parquet, else jsonl.")
    SparkPlanJob.InputFormat inputFormat;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl: plans/ holds lines of plan JSON"
            + " (default); parquet: plans/ holds profileId, triage, focus and plan columns.")
    SparkPlanJob.OutputFormat format = SparkPlanJob.OutputFormat.JSONL;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit"
            + " (default: local[*], every core).")
    String master = "local[*]";

    @Mixin
    RulesOption rules;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SparkPlanJob.InputFormat in = inputFormat == null ? SparkPlanJob.guessFormat(inputs.get(0)) : inputFormat;
        SparkPlanJob.Options options = new SparkPlanJob.Options(inputs, out, in, format, rules.dir, rules.timeLimit());
        // spark-submit names the master and the application; run directly, this machine is the cluster
        SparkConf conf = new SparkConf().setIfMissing("spark.master", master)
                .setIfMissing("spark.app.name", "backcare")
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", Boolean.toString(!quiet));
        if (conf.get("spark.master").startsWith("local")) {
            // a local run's driver listens for its own executors only: on loopback, not on the machine's network
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            // a machine's few cores: Spark's 200 shuffle partitions would cost more to schedule than to sort the ids
            conf.setIfMissing("spark.sql.shuffle.partitions",
                    Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
        }
        String dir = out.replaceAll("/+$", "");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            SparkPlanJob.Result result = SparkPlanJob.run(spark, options);
            err.printf(Locale.ROOT, "%d of %d profiles planned%s in %.1f s (%.0f/s); summary in %s/summary.json%n",
                    result.planned(), result.read(), result.failed() > 0 ? ", " + result.failed() + " failed" : "",
                    result.seconds(), result.read() / Math.max(result.seconds(), 1e-9), dir);
            return result.failed() == 0 ? Main.OK : Main.SOME_FAILED;
        } catch (SparkPlanJob.JobException e) {
            err.println("backcare: " + e.getMessage());
            return Main.INVALID;
        } catch (SparkPlanJob.JobStopped e) {
            err.println("backcare: the job stopped: " + e.getMessage() + "; " + dir
                    + "/summary.json says so");
            return Main.STOPPED;
        } finally {
            spark.stop();
        }
    }
}
