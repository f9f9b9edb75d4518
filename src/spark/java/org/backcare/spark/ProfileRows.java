package org.backcare.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.backcare.io.Inputs;
import org.backcare.profile.ProfileReader;
import scala.Tuple2;
import scala.Tuple3;

/**
 * The profiles of a job's input as rows of {@link #SCHEMA}: where each is ({@code source} file and {@code line}, from
 * 1), its bytes, or the problem that kept it from being read. As {@code backcare batch} reads them: in JSON Lines,
 * each non-blank line is a profile, lines are split at {@code \n} only and counted blank ones included, and a line
 * over {@value ProfileReader#MAX_BYTES} bytes is a failure that gives its length; in Parquet, each row's
 * {@code profile} column is one, and its line is its row number in its file.
 */
final class ProfileRows {
    static final StructType SCHEMA = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("content", DataTypes.BinaryType, true)
            .add("problem", DataTypes.StringType, true);

    /** Splits per core and more, so that a small input still keeps every core busy. */
    private static final int SPLITS_PER_CORE = 4;
    private static final long MIN_SPLIT_BYTES = 1 << 20;
    private static final long MAX_SPLIT_BYTES = 64L << 20;

    private ProfileRows() {
    }

    static Dataset<Row> read(SparkSession spark, String input, SparkPlanJob.InputFormat format) {
        return format == SparkPlanJob.InputFormat.PARQUET ? parquet(spark, input) : jsonLines(spark, input);
    }

    /**
     * Parquet files with a {@code profile} column of JSON text: a row's line is its index in its file plus one
     * (Spark's {@code _metadata.row_index}).
     */
    private static Dataset<Row> parquet(SparkSession spark, String input) {
        try {
            Path path = new Path(input);
            FileStatus[] matched = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(path);
            if (matched == null || matched.length == 0) {
                throw new SparkPlanJob.JobException(input + ": no such file or directory");
            }
        } catch (IOException e) {
            throw new SparkPlanJob.JobException(input + ": cannot be listed: " + e.getMessage(), e);
        }
        Dataset<Row> rows = spark.read().option("recursiveFileLookup", "true").parquet(input);
        if (!Arrays.asList(rows.columns()).contains("profile")) {
            throw new SparkPlanJob.JobException(input + ": expected a column named profile (a profile's JSON) in the"
                    + " Parquet files; found " + String.join(", ", rows.columns()));
        }
        return rows.selectExpr("_metadata.file_path AS source", "_metadata.row_index + 1 AS line",
                        "CAST(profile AS BINARY) AS content",
                        "CASE WHEN profile IS NULL THEN 'no profile: the profile column is empty' END AS problem");
    }

    /** The {@code .jsonl} files named, or below a directory named, in path order (batch's order). */
    static List<FileStatus> jsonLinesFiles(Configuration conf, String input) {
        try {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(path);
            if (matched == null || matched.length == 0) {
                throw new SparkPlanJob.JobException(input + ": no such file or directory");
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus status : matched) {
                if (status.isFile()) {
                    files.add(status);
                    continue;
                }
                RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> below = fs.listFiles(status.getPath(), true);
                while (below.hasNext()) {
                    FileStatus file = below.next();
                    String name = file.getPath().getName();
                    if (name.toLowerCase(Locale.ROOT).endsWith(".jsonl") && !name.startsWith(".")
                            && !name.startsWith("_")) {
                        files.add(file);
                    }
                }
            }
            files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
            if (files.isEmpty()) throw new SparkPlanJob.JobException(input + ": no .jsonl files there");
            return files;
        } catch (IOException e) {
            throw new SparkPlanJob.JobException(input + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    private static Dataset<Row> jsonLines(SparkSession spark, String input) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        List<FileStatus> files = jsonLinesFiles(conf, input);
        Job job;
        try {
            job = Job.getInstance(conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
        long splitBytes = Math.max(MIN_SPLIT_BYTES, Math.min(MAX_SPLIT_BYTES,
                bytes / ((long) context.defaultParallelism() * SPLITS_PER_CORE) + 1));
        Configuration read = job.getConfiguration();
        // lines end at \n alone, as batch reads them (a \r is left to the JSON parser, which takes it for space)
        read.set("textinputformat.record.delimiter", "\n");
        read.setLong(FileInputFormat.SPLIT_MAXSIZE, splitBytes);
        try {
            FileInputFormat.setInputPaths(job, files.stream().map(FileStatus::getPath).toArray(Path[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) context.newAPIHadoopRDD(
                read, TextInputFormat.class, LongWritable.class, Text.class);
        Broadcast<Map<String, Long>> firstLines = context.broadcast(firstLines(lines));
        Broadcast<Map<String, String>> shown = context.broadcast(shownNames(input, files));
        JavaRDD<Row> rows = lines.mapPartitionsWithInputSplit((split, records) -> {
            FileSplit fileSplit = (FileSplit) split;
            String file = fileSplit.getPath().toString();
            long first = firstLines.value().get(key(fileSplit));
            return new LineRows(shown.value().getOrDefault(file, file), first, records);
        }, true);
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * How a file is named in failures: a local input as batch names it (the path as given, then the path below it),
     * anything else by its qualified address.
     */
    private static Map<String, String> shownNames(String input, List<FileStatus> files) {
        boolean local = !input.contains("://") && !input.startsWith("file:") && !input.contains("*");
        java.nio.file.Path given = java.nio.file.Path.of(input);
        String root = given.toAbsolutePath().normalize().toString();
        Map<String, String> names = new HashMap<>();
        for (FileStatus file : files) {
            String qualified = file.getPath().toString();
            String path = file.getPath().toUri().getPath();
            String shown = qualified;
            if (local && path.equals(root)) {
                shown = given.toString();
            } else if (local && path.startsWith(root + "/")) {
                shown = given.resolve(path.substring(root.length() + 1)).toString();
            }
            names.put(qualified, shown);
        }
        return names;
    }

    private static String key(FileSplit split) {
        return split.getPath() + "@" + split.getStart();
    }

    /**
     * The line number of each split's first line in its file: a first pass counts the lines of every split (reading
     * is a small part of a plan's cost), and a file's splits come in the order of their place in it.
     */
    private static Map<String, Long> firstLines(JavaNewHadoopRDD<LongWritable, Text> lines) {
        List<Tuple3<String, Long, Long>> splits = new ArrayList<>(lines.mapPartitionsWithInputSplit(
                (split, records) -> {
                    long count = 0;
                    for (; records.hasNext(); records.next()) count++;
                    FileSplit fileSplit = (FileSplit) split;
                    return List.of(new Tuple3<>(fileSplit.getPath().toString(), fileSplit.getStart(), count))
                            .iterator();
                }, true).collect());
        splits.sort(Comparator.comparing((Tuple3<String, Long, Long> split) -> split._1())
                .thenComparing(Tuple3::_2));
        Map<String, Long> first = new HashMap<>();
        String file = null;
        long next = 1;
        for (Tuple3<String, Long, Long> split : splits) {
            if (!split._1().equals(file)) {
                file = split._1();
                next = 1;
            }
            first.put(split._1() + "@" + split._2(), next);
            next += split._3();
        }
        return first;
    }

    /** The rows of a split's lines: blank ones skipped (but counted), long ones failed with their length. */
    private static final class LineRows implements Iterator<Row> {
        private final String source;
        private final Iterator<Tuple2<LongWritable, Text>> records;
        private long line;
        private Row next;

        LineRows(String source, long firstLine, Iterator<Tuple2<LongWritable, Text>> records) {
            this.source = source;
            this.line = firstLine - 1;
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            while (next == null && records.hasNext()) {
                Text text = records.next()._2();
                line++;
                int length = text.getLength();
                if (length > ProfileReader.MAX_BYTES) {
                    next = RowFactory.create(source, line, null, Inputs.lineTooLong(length));
                } else if (!Inputs.isBlank(text.getBytes(), length)) {
                    next = RowFactory.create(source, line, Arrays.copyOf(text.getBytes(), length), null);
                }
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            Row row = next;
            next = null;
            return row;
        }
    }
}
