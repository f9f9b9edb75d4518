package org.backcare.spark;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Text lines of exactly the files listed in {@link #FILES} (their URIs, one per line), with none of the pattern
 * matching a path given to Hadoop would go through: a file named {@code q?.jsonl} or {@code br[1].jsonl} is that file
 * alone, and no file is read twice.
 */
public final class ListedTextInputFormat extends TextInputFormat {
    static final String FILES = "backcare.input.files";

    static void list(Configuration conf, List<URI> files) {
        StringBuilder listed = new StringBuilder();
        for (URI file : files) listed.append(file).append('\n');
        conf.set(FILES, listed.toString());
    }

    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (String uri : job.getConfiguration().get(FILES, "").split("\n")) {
            if (uri.isEmpty()) continue;
            Path path = new Path(URI.create(uri));
            files.add(path.getFileSystem(job.getConfiguration()).getFileStatus(path));
        }
        return files;
    }
}
