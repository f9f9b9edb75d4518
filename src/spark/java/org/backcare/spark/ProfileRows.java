package org.backcare.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.backcare.files.InputFile;
import org.backcare.io.Input;
import org.backcare.io.Inputs;
import org.backcare.io.IoErrors;
import org.backcare.profile.ProfileReader;
import scala.Tuple2;
import scala.Tuple3;

/**
 * The profiles of a job's inputs as rows of {@link #SCHEMA}, read as {@code backcare batch} reads them: where each is
 * (its file's place among the inputs, the file as batch names it, the line from 1, or 0 for a whole-file profile),
 * its bytes and format, or the problem that kept it from being read. In JSON Lines each non-blank line is a profile;
 * lines are split at {@code \n} only and counted blank ones included, and a line over {@value ProfileReader#MAX_BYTES}
 * bytes fails with its length. Local inputs are listed by batch's own code (directories searched in path order,
 * links to directories and other files that are not regular listed as failures, {@code .json}, {@code .yaml} and
 * {@code .yml} files read whole, on the driver); the lines of {@code .jsonl} files are read in parallel, split across
 * tasks. Other file systems ({@code hdfs://}...) are listed through Hadoop. In Parquet each row's {@code profile}
 * column is one profile, its line its row number in its file.
 */
final class ProfileRows {
    static final StructType SCHEMA = new StructType()
            .add("file", DataTypes.IntegerType, false)
            .add("source", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("content", DataTypes.BinaryType, true)
            .add("problem", DataTypes.StringType, true)
            .add("format", DataTypes.StringType, true);
    /** The columns that place a row in input order, and name it: the file's place among the inputs, then the line. */
    static final String[] ORDER = {"file", "source", "line"};

    /** The columns of {@link #SCHEMA}, in its order: to select them again after a join. */
    static Column[] columns() {
        return Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new);
    }

    /** Splits per core and more, so that a small input still keeps every core busy. */
    private static final int SPLITS_PER_CORE = 4;
    private static final long MIN_SPLIT_BYTES = 1 << 20;
    private static final long MAX_SPLIT_BYTES = 64L << 20;

    private ProfileRows() {
    }

    static Dataset<Row> read(SparkSession spark, List<String> inputs, SparkPlanJob.InputFormat format) {
        return format == SparkPlanJob.InputFormat.PARQUET ? parquet(spark, inputs) : profileFiles(spark, inputs);
    }

    /**
     * Parquet files with a {@code profile} column of JSON text: a row's line is its index in its file plus one
     * (Spark's {@code _metadata.row_index}); its place in the order, its input's place in the list and then its
     * path. Each input is read on its own, so that one given twice is read twice, as batch reads a file given twice
     * (Spark reads a path it is given twice in one read once).
     */
    private static Dataset<Row> parquet(SparkSession spark, List<String> inputs) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Dataset<Row> all = null;
        for (int index = 0; index < inputs.size(); index++) {
            String input = inputs.get(index);
            try {
                Path path = new Path(input);
                FileStatus[] matched = path.getFileSystem(conf).globStatus(path);
                if (matched == null || matched.length == 0) {
                    throw new SparkPlanJob.JobException(input + ": no such file or directory");
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new SparkPlanJob.JobException(input + ": cannot be listed: " + e.getMessage(), e);
            }
            Dataset<Row> rows = spark.read().option("recursiveFileLookup", "true").parquet(input);
            if (!Arrays.asList(rows.columns()).contains("profile")) {
                throw new SparkPlanJob.JobException(input + ": expected a column named profile (a profile's JSON) in"
                        + " the Parquet files; found " + String.join(", ", rows.columns()));
            }
            DataType type = rows.schema().apply("profile").dataType();
            if (!(type instanceof StringType) && !(type instanceof BinaryType)) {
                throw new SparkPlanJob.JobException(input + ": the profile column holds " + type.simpleString()
                        + "; expected a string (a profile's JSON)");
            }
            Dataset<Row> these = rows.selectExpr(index + " AS file", "_metadata.file_path AS source",
                    "_metadata.row_index + 1 AS line", "CAST(profile AS BINARY) AS content",
                    "CASE WHEN profile IS NULL THEN 'no profile: the profile column is empty' END AS problem",
                    "'JSON' AS format");
            all = all == null ? these : all.union(these);
        }
        return all;
    }

    /** The local file system, reading files without looking for Hadoop's checksum files beside them. */
    public static final class UncheckedLocalFileSystem extends org.apache.hadoop.fs.LocalFileSystem {
        @Override
        public void initialize(URI name, Configuration conf) throws IOException {
            super.initialize(name, conf);
            setVerifyChecksum(false);
        }
    }

    /** A file of the inputs: lines to read in parallel, or a row read already (a whole profile, or a problem). */
    private record Listed(URI jsonLines, String source, Row row) {
    }

    /** The files of the inputs in batch's order, each as {@link Listed}. */
    private static List<Listed> list(Configuration conf, List<String> inputs) {
        List<Listed> listed = new ArrayList<>();
        for (String input : inputs) {
            if (isLocal(input)) {
                for (java.nio.file.Path file : Inputs.expand(List.of(java.nio.file.Path.of(input)))) {
                    int index = listed.size();
                    Input whole = Inputs.whole(index, file);
                    if (whole == null) whole = unreadable(index, file);
                    listed.add(whole == null ? new Listed(file.toUri(), file.toString(), null)
                            : new Listed(null, whole.source(), row(index, whole)));
                }
            } else {
                listRemote(conf, input, listed);
            }
        }
        return listed;
    }

    /** A {@code .jsonl} file that cannot be opened, as batch says so; {@code null} when it can. */
    private static Input unreadable(int index, java.nio.file.Path file) {
        try {
            java.nio.file.Files.newInputStream(file).close();
            return null;
        } catch (IOException e) {
            return new Input(index, file.toString(), 0, null, null, "cannot be read: " + IoErrors.describe(e));
        }
    }

    private static boolean isLocal(String input) {
        return !input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || input.startsWith("file:");
    }

    private static Row row(int file, Input input) {
        return RowFactory.create(file, input.source(), (long) input.line(), input.content(), input.problem(),
                input.format() == null ? null : input.format().name());
    }

    /** The profile files a Hadoop path or glob names, in path order; whole-file profiles read here. */
    private static void listRemote(Configuration conf, String input, List<Listed> listed) {
        try {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(path);
            if (matched == null || matched.length == 0) {
                listed.add(new Listed(null, input, RowFactory.create(listed.size(), input, 0L, null, "no such file",
                        null)));
                return;
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus status : matched) {
                if (status.isFile()) {
                    files.add(status);
                    continue;
                }
                RemoteIterator<LocatedFileStatus> below = fs.listFiles(status.getPath(), true);
                while (below.hasNext()) {
                    LocatedFileStatus file = below.next();
                    if (Inputs.isProfileFile(java.nio.file.Path.of(file.getPath().getName()))) files.add(file);
                }
            }
            files.sort(Comparator.comparing(file -> file.getPath().toString()));
            for (FileStatus file : files) {
                String name = file.getPath().toString();
                ProfileReader.Format format = ProfileReader.Format.of(java.nio.file.Path.of(file.getPath().getName()));
                if (format == null) {
                    listed.add(new Listed(file.getPath().toUri(), name, null));
                } else {
                    listed.add(new Listed(null, name, wholeRemote(fs, file, listed.size(), format)));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SparkPlanJob.JobException(input + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    private static Row wholeRemote(FileSystem fs, FileStatus file, int index, ProfileReader.Format format) {
        String name = file.getPath().toString();
        if (file.getLen() > ProfileReader.MAX_BYTES) {
            return RowFactory.create(index, name, 0L, null,
                    InputFile.tooLarge(file.getLen() + " bytes", ProfileReader.MAX_BYTES), null);
        }
        try (InputStream in = fs.open(file.getPath())) {
            return RowFactory.create(index, name, 0L, in.readNBytes(ProfileReader.MAX_BYTES), null, format.name());
        } catch (IOException e) {
            return RowFactory.create(index, name, 0L, null, "cannot be read: " + e.getMessage(), null);
        }
    }

    private static Dataset<Row> profileFiles(SparkSession spark, List<String> inputs) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        // local files read as they are: Hadoop's checksumming file system would look for a .crc file beside each, and
        // cannot name one for a file whose name holds a colon
        conf.set("fs.file.impl", UncheckedLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        List<Listed> listed = list(conf, inputs);
        List<Row> whole = new ArrayList<>();
        List<URI> lineFiles = new ArrayList<>();
        Map<String, Integer> fileIndex = new HashMap<>();
        Map<String, String> shown = new HashMap<>();
        // A file named twice is read twice, as batch reads it: its lines again under the later place in the inputs
        // (Hadoop, given one path twice, would read it twice under one name and number its lines on from the first)
        Map<Integer, Integer> again = new LinkedHashMap<>();
        long bytes = 0;
        for (int i = 0; i < listed.size(); i++) {
            Listed file = listed.get(i);
            if (file.row() != null) {
                whole.add(file.row());
                continue;
            }
            Path path = new Path(file.jsonLines());
            if (fileIndex.containsKey(path.toString())) {
                again.put(i, fileIndex.get(path.toString()));
                continue;
            }
            lineFiles.add(file.jsonLines());
            fileIndex.put(path.toString(), i);
            shown.put(path.toString(), file.source());
            try {
                bytes += path.getFileSystem(conf).getFileStatus(path).getLen();
            } catch (IOException e) {
                throw new SparkPlanJob.JobException(file.source() + ": cannot be read: " + e.getMessage(), e);
            }
        }
        Dataset<Row> rows = spark.createDataFrame(whole, SCHEMA);
        if (lineFiles.isEmpty()) return rows;
        long splitBytes = Math.max(MIN_SPLIT_BYTES, Math.min(MAX_SPLIT_BYTES,
                bytes / ((long) context.defaultParallelism() * SPLITS_PER_CORE) + 1));
        // lines end at \n alone, as batch reads them (a \r is left to the JSON parser, which takes it for space)
        conf.set("textinputformat.record.delimiter", "\n");
        conf.setLong(FileInputFormat.SPLIT_MAXSIZE, splitBytes);
        ListedTextInputFormat.list(conf, lineFiles);
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) context.newAPIHadoopRDD(
                conf, ListedTextInputFormat.class, LongWritable.class, Text.class);
        Broadcast<Map<String, Long>> firstLines = context.broadcast(firstLines(lines));
        Broadcast<Map<String, Integer>> files = context.broadcast(fileIndex);
        Broadcast<Map<String, String>> names = context.broadcast(shown);
        JavaRDD<Row> lineRows = lines.mapPartitionsWithInputSplit((split, records) -> {
            FileSplit fileSplit = (FileSplit) split;
            String file = fileSplit.getPath().toString();
            long first = firstLines.value().get(key(fileSplit));
            return new LineRows(files.value().get(file), names.value().get(file), first, records);
        }, true);
        Dataset<Row> lineData = spark.createDataFrame(lineRows, SCHEMA);
        Dataset<Row> all = rows.unionAll(lineData);
        for (Map.Entry<Integer, Integer> repeat : again.entrySet()) {
            all = all.unionAll(lineData.where(functions.col("file").equalTo(repeat.getValue()))
                    .withColumn("file", functions.lit(repeat.getKey())));
        }
        return all;
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
    private static final class LineRows extends Lookahead<Row> {
        private final int file;
        private final String source;
        private final Iterator<Tuple2<LongWritable, Text>> records;
        private long line;

        LineRows(int file, String source, long firstLine, Iterator<Tuple2<LongWritable, Text>> records) {
            this.file = file;
            this.source = source;
            this.line = firstLine - 1;
            this.records = records;
        }

        @Override
        protected Row advance() {
            while (records.hasNext()) {
                Text text = records.next()._2();
                line++;
                int length = text.getLength();
                if (length > ProfileReader.MAX_BYTES) {
                    return RowFactory.create(file, source, line, null, Inputs.lineTooLong(length), null);
                }
                if (!Inputs.isBlank(text.getBytes(), length)) {
                    return RowFactory.create(file, source, line, Arrays.copyOf(text.getBytes(), length), null,
                            ProfileReader.Format.JSON.name());
                }
            }
            return null;
        }
    }
}
