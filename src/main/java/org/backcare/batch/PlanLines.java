package org.backcare.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every plan as one line of {@code plans.jsonl} in the output directory. The lines go to {@code plans.jsonl.partial}
 * first, which is renamed to {@code plans.jsonl} only when every plan is written, so that a crash never leaves a
 * half-written {@code plans.jsonl}; a resumed run continues the partial file from the last plan the journal noted.
 */
final class PlanLines implements PlanOutput {
    static final String NAME = "plans.jsonl";
    static final String PARTIAL = NAME + ".partial";

    private final Path dir;
    private final OutputStream out;
    private final long kept;
    private long position;

    /** Opens the partial file, keeping its first {@code keep} bytes (0 for a fresh run). */
    PlanLines(Path dir, long keep) throws IOException {
        this.dir = dir;
        Path partial = dir.resolve(PARTIAL);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(keep);
            position = channel.size();
        }
        this.kept = position;
        this.out = new BufferedOutputStream(Files.newOutputStream(partial, StandardOpenOption.APPEND), 1 << 16);
    }

    @Override
    public long write(String profileId, String json) throws IOException {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        position += line.length;
        return position;
    }

    @Override
    public boolean stillThere(String profileId, long position) {
        return position <= kept;
    }

    @Override
    public boolean isolatesFailures() {
        return false;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void finish() throws IOException {
        out.close();
        Files.move(dir.resolve(PARTIAL), dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the partial file stays for a resumed run
        }
    }
}
