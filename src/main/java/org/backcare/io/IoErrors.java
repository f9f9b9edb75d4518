package org.backcare.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** File errors in words for one-line messages: what went wrong, rather than the Java exception. */
public final class IoErrors {
    private IoErrors() {
    }

    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException missing) return "no such file or directory: " + missing.getFile();
        if (e instanceof AccessDeniedException denied) return "permission denied: " + denied.getFile();
        if (e instanceof NotDirectoryException notDir) return "not a directory: " + notDir.getFile();
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (fs.getFile() == null ? "" : ": " + fs.getFile());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
