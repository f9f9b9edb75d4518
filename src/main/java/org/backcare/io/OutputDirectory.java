package org.backcare.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A directory that one run writes into ({@code batch}, {@code report}, {@code diff}), held for that run alone and
 * written without following symbolic links:
 *
 * <ul>
 *   <li>the directory is created if needed and resolved on the file system ({@code link/../x} means what the
 *       operating system says it means), once, before anything is written;
 *   <li>{@value #LOCK} in it holds an operating-system lock for as long as the run lasts: a second run on the same
 *       directory gets {@link InUse}; the lock goes with the process, so a lock file left by a killed run is simply
 *       taken over;
 *   <li>every file is written to a new temporary file ({@code CREATE_NEW}, which never opens an existing link) and
 *       renamed into place, which replaces a link rather than writing through it; files read back are opened with
 *       {@code NOFOLLOW_LINKS}; a subdirectory that is a link is refused.
 * </ul>
 *
 * <p>What this does not do: stop another process that has write access to the directory from changing it while the
 * run lasts (SECURITY.md). Used by one thread at a time, except {@link #write}, which threads may call at once.
 */
public final class OutputDirectory implements AutoCloseable {
    /** The lock file. */
    public static final String LOCK = ".backcare.lock";
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /**
     * The lock files this process holds. A second run in the same process must not even open one: on Linux, closing
     * any channel to a file drops every lock the process holds on it, so a refused second run would unlock the first.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel lockFile;
    private final FileLock lock;
    /** The user id this process's files get here, or -1 where the file system has none. */
    private final int uid;

    /** Another run holds the directory. */
    public static final class InUse extends IOException {
        private static final long serialVersionUID = 1L;

        InUse(String message) {
            super(message);
        }
    }

    private OutputDirectory(Path path, FileChannel lockFile, FileLock lock, int uid) {
        this.path = path;
        this.lockFile = lockFile;
        this.lock = lock;
        this.uid = uid;
    }

    /**
     * Creates (if need be), resolves and locks the directory, and removes the hidden temporary files a killed run
     * left in it.
     *
     * @throws InUse when another run is writing to it
     * @throws IOException when it cannot be created, resolved, locked or written
     */
    public static OutputDirectory open(Path out) throws IOException {
        Files.createDirectories(out);
        Path path = out.toRealPath();
        int uid = myUid(path);
        Path lockPath = path.resolve(LOCK);
        if (!HELD.add(lockPath)) {
            throw new InUse("another backcare run (pid " + ProcessHandle.current().pid() + ") is writing to " + path
                    + "; wait for it to end or choose another --out");
        }
        try {
            return lock(path, lockPath, uid);
        } catch (IOException | RuntimeException | Error e) {
            HELD.remove(lockPath);
            throw e;
        }
    }

    private static OutputDirectory lock(Path path, Path lockPath, int uid) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (Files.isSymbolicLink(lockPath)) throw new IOException(lockPath + " is a symbolic link; remove it", e);
            throw e;
        }
        if (links(lockPath) > 1) {
            channel.close();
            throw new IOException(lockPath + " is a hard link to another file (" + links(lockPath) + " links); remove"
                    + " it: writing the lock would overwrite that file");
        }
        if (uid >= 0 && owner(lockPath) != uid) {
            channel.close();
            throw new IOException(lockPath + " belongs to another user (uid " + owner(lockPath) + "); remove it:"
                    + " a file another user planted here is not this run's to write");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new InUse("another backcare run" + holder + " is writing to " + path
                    + "; wait for it to end or choose another --out");
        }
        String pid = "pid " + ProcessHandle.current().pid() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid.getBytes(StandardCharsets.US_ASCII)), 0);
        OutputDirectory dir = new OutputDirectory(path, channel, lock, uid);
        try {
            removeTemporaryFiles(path);
        } catch (IOException e) {
            dir.close();
            throw e;
        }
        return dir;
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer text = ByteBuffer.allocate(32);
            channel.read(text, 0);
            String pid = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("pid [0-9]{1,10}") ? " (" + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The directory, resolved on the file system. */
    public Path path() {
        return path;
    }

    /** A subdirectory, created if need be; one that is a symbolic link (or not a directory) is refused. */
    public Path directory(String name) throws IOException {
        Path sub = inside(name);
        if (Files.isSymbolicLink(sub)) {
            throw new IOException(sub + " is a symbolic link; expected a directory of this output (remove the link)");
        }
        if (!Files.exists(sub, NO_FOLLOW)) Files.createDirectory(sub);
        if (!Files.isDirectory(sub, NO_FOLLOW)) throw new IOException(sub + " is not a directory");
        removeTemporaryFiles(sub);
        return sub;
    }

    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file whole or not at all: into a new temporary file beside it, then renamed into place. The name may
     * be {@code sub/file} for a subdirectory made with {@link #directory}.
     */
    public Path write(String name, String text) throws IOException {
        return write(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * As {@link #write(String, String)}, the content streamed by {@code content}. The temporary file is created new
     * (never an existing file or link) with the permissions any new file gets (unlike {@code Files.createTempFile},
     * which makes it readable by its owner only), and opened once: a batch writes a file per plan this way.
     */
    public Path write(String name, Content content) throws IOException {
        Path file = inside(name);
        while (true) {
            Path temporary = file.resolveSibling("." + file.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            FileChannel channel;
            try {
                channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (FileAlreadyExistsException e) {
                continue;   // a name taken, by chance or by a planted link: draw another
            }
            boolean moved = false;
            try {
                try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                    content.writeTo(out);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                moved = true;
                return file;
            } finally {
                if (!moved) {
                    channel.close();
                    Files.deleteIfExists(temporary);
                }
            }
        }
    }

    /** Opens a file to write from its start: whatever was at its name (a file, a planted link) is removed first. */
    public FileChannel create(String name) throws IOException {
        Path file = inside(name);
        Files.deleteIfExists(file);
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens a file this output wrote to change it in place, never through a link. */
    public FileChannel openToWrite(String name) throws IOException {
        Path file = ownFile(name, "");
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** The file of that name, which must be a regular file (not a link): one this output wrote. */
    private Path ownFile(String name, String remedy) throws IOException {
        Path file = inside(name);
        if (!Files.isRegularFile(file, NO_FOLLOW)) {
            String what = Files.isSymbolicLink(file) ? "a symbolic link" : "not a regular file";
            throw new IOException(file + " is " + what + "; expected a file this output wrote" + remedy);
        }
        if (links(file) > 1) {
            throw new IOException(file + " is a hard link to another file (" + links(file) + " links); expected a file"
                    + " this output wrote" + remedy);
        }
        if (uid >= 0 && owner(file) != uid) {
            throw new IOException(file + " belongs to another user (uid " + owner(file) + "); expected a file this"
                    + " output wrote" + remedy);
        }
        return file;
    }

    /** Opens a file to read, never through a link; {@code null} when there is no such file. */
    public FileChannel read(String name) throws IOException {
        if (!Files.exists(inside(name), NO_FOLLOW)) return null;
        Path file = ownFile(name, " (remove it, or run without --resume)");
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** Renames a file of this directory to another name in it, replacing what was there (a link, not its target). */
    public void rename(String from, String to) throws IOException {
        Files.move(inside(from), inside(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a file (a link itself, never its target), if it is there. */
    public void delete(String name) throws IOException {
        Files.deleteIfExists(inside(name));
    }

    /** Whether a regular file (not a link) of that name is there. */
    public boolean hasFile(String name) {
        Path file = inside(name);
        return Files.isRegularFile(file, NO_FOLLOW) && links(file) == 1 && (uid < 0 || owner(file) == uid);
    }

    /**
     * How many names a file has: more than one means a hard link planted beside another file (whose content writing
     * through it would replace). 1 where the file system cannot tell.
     */
    /**
     * The user id the files this process creates in {@code dir} get (read from one it creates and removes), or -1 on
     * a file system without user ids.
     */
    private static int myUid(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".backcare-owner.", ".tmp");
        try {
            return owner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** A file's owner's user id, or -1 where the file system has none. */
    static int owner(Path file) {
        try {
            return Files.getAttribute(file, "unix:uid", NO_FOLLOW) instanceof Integer owner ? owner : -1;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return -1;
        }
    }

    static int links(Path file) {
        try {
            return Files.getAttribute(file, "unix:nlink", NO_FOLLOW) instanceof Integer links ? links : 1;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 1;
        }
    }

    private Path inside(String name) {
        Path file = path.resolve(name).normalize();
        if (!file.startsWith(path) || file.equals(path)) {
            throw new IllegalArgumentException("\"" + name + "\" does not name a file inside " + path);
        }
        return file;
    }

    private static void removeTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path file : stale) Files.deleteIfExists(file);
        }
    }

    /** Releases the lock; the lock file stays, so that no two runs ever hold locks on two different files. */
    @Override
    public void close() {
        HELD.remove(path.resolve(LOCK));
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case; the process's end does too
        }
    }
}
