package io.tee4j.core.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What is wrong with a file, in words a user can act on ("no such file", "permission denied",
 * "is a directory"), never an exception class name: these words reach the command line.
 */
public final class FileProblems {
    private FileProblems() {
    }

    /** The reason an I/O operation on a file failed. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        if (e instanceof FileSystemException) {
            // Its message repeats the path; the reason alone ("Is a directory") is what is wrong.
            String reason = ((FileSystemException) e).getReason();
            return reason == null || reason.isEmpty() ? "cannot be read"
                    : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "cannot be read" : m;
    }
}
