package io.tee4j.cli;

import io.tee4j.sealing.CrashSafeFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The output files of {@code seal}, {@code unseal} and {@code attest}: checked before any work is
 * done, then written crash-safely through {@link CrashSafeFiles} (temporary file, fsync, atomic
 * rename). A target that exists and is not a regular file (a device such as {@code /dev/null}, a
 * FIFO, a directory, or a symbolic link, whatever it points to) is a usage error and nothing is
 * written.
 */
final class OutputTargets {
    private OutputTargets() {
    }

    /** Refuses {@code target} (given with {@code option}) unless it is absent or a regular file. */
    static void check(Path target, String option) throws UsageException {
        try {
            CrashSafeFiles.checkReplaceable(target);
        } catch (FileSystemException e) {
            throw new UsageException(option + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot check " + target + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code target} with {@code content}. */
    static void write(Path target, String option, byte[] content) throws UsageException {
        try {
            CrashSafeFiles.replace(target, out -> out.write(content));
        } catch (IOException e) {
            throw new UsageException(option + ": cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
