package org.backcare.spark;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code summary.json} of a Spark job, in its output directory, with the fields of batch's ({@code status},
 * {@code rulesVersion}, {@code inputs}, {@code format}, the counts, the first {@value #MAX_LISTED} failures) and
 * where it ran. Written first as {@code "running"}, so that an earlier job's summary is never taken for this one's,
 * then {@code "finished"} or {@code "stopped"}; each time whole (a new file renamed over the old).
 */
final class SparkSummary {
    static final String NAME = "summary.json";
    static final int MAX_LISTED = 10_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final SparkSession spark;
    private final SparkPlanJob.Options options;
    private final String rulesVersion;
    private final Path path;

    SparkSummary(SparkSession spark, SparkPlanJob.Options options, String rulesVersion) {
        this.spark = spark;
        this.options = options;
        this.rulesVersion = rulesVersion;
        this.path = new Path(new Path(options.out()), NAME);
    }

    void running() {
        write("running", null, null, List.of());
    }

    void finished(SparkPlanJob.Result result, List<String> failures) {
        write("finished", result, null, failures);
    }

    /** Says the job stopped and why, as well as it can: the error that stopped it is what the caller reports. */
    void stopped(String why, Exception error) {
        try {
            write("stopped", null, String.valueOf(why), List.of());
        } catch (RuntimeException e) {
            error.addSuppressed(e);
        }
    }

    private void write(String status, SparkPlanJob.Result result, String error, List<String> failures) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("status", status);
                if (error != null) json.writeStringField("error", error);
                json.writeStringField("rulesVersion", rulesVersion);
                json.writeArrayFieldStart("inputs");
                for (String input : options.inputs()) json.writeString(input);
                json.writeEndArray();
                json.writeStringField("format", options.outputFormat() == SparkPlanJob.OutputFormat.PARQUET ? "parquet"
                        : "jsonl");
                json.writeStringField("detail", "full");
                json.writeStringField("engine", "spark " + spark.version());
                json.writeStringField("master", spark.sparkContext().master());
                json.writeNumberField("threads", spark.sparkContext().defaultParallelism());
                if (result != null) {
                    json.writeNumberField("read", result.read());
                    json.writeNumberField("planned", result.planned());
                    json.writeNumberField("resumed", 0);
                    json.writeNumberField("failed", result.failed());
                    json.writeNumberField("duplicates", result.duplicates());
                    json.writeNumberField("seconds", Math.round(result.seconds() * 1000) / 1000.0);
                    json.writeStringField("plansDirectory", SparkPlanJob.PLANS);
                    json.writeStringField("failuresDirectory", SparkPlanJob.FAILURES);
                    json.writeNumberField("failuresNotListed", Math.max(0, result.failed() - failures.size()));
                    json.writeArrayFieldStart("failures");
                    for (String failure : failures) json.writeRawValue(failure);
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            replace(out.toByteArray());
        } catch (IOException e) {
            throw new SparkPlanJob.JobException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes the summary beside the old one, then renames it over: atomically on a local disk. */
    private void replace(byte[] content) throws IOException {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path partial = new Path(path.getParent(), "." + NAME + ".partial");
        if ("file".equals(fs.getUri().getScheme())) {
            java.nio.file.Path summary = java.nio.file.Path.of(fs.makeQualified(path).toUri());
            java.nio.file.Path temporary = summary.resolveSibling(partial.getName());
            Files.createDirectories(summary.getParent());
            Files.write(temporary, content);
            Files.move(temporary, summary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        fs.mkdirs(path.getParent());
        try (OutputStream file = fs.create(partial, true)) {
            file.write(content);
        }
        fs.delete(path, false);
        if (!fs.rename(partial, path)) throw new IOException("cannot rename " + partial + " to " + path);
    }
}
