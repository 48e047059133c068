package io.tee4j.core.util;

import io.tee4j.core.CollateralUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads collateral the caller names on disk (certificates, CRLs, TCB documents, RIMs given with
 * {@code --collateral} or a backend's collateral option), with one pair of caps for every backend:
 * at most {@link #MAX_FILES} files in all and {@link #MAX_FILE_BYTES} bytes per file. A path that
 * is a directory stands for its regular files, sorted by name (one level, no recursion).
 *
 * <p>Every failure (unreadable file, too many files, a file over the cap, a path that is neither a
 * regular file nor a directory such as a FIFO or device) is a {@link CollateralUnavailableException}
 * that is not retryable and names the path: the collateral the caller supplied cannot be used. The
 * size cap is enforced while reading, not only by asking the file system first, so a file that
 * grows, or a special file that reports size 0, cannot make the loader read without bound.
 *
 * <p>Nothing here parses or authenticates the content; verifiers check everything they are given.
 *
 * <p>Support code for tee4j's own modules, not API (see the package documentation).
 */
public final class CollateralFiles {
    /** The most bytes one collateral file may hold: 4 MiB (the largest TCB documents and CRLs are far smaller). */
    public static final int MAX_FILE_BYTES = 4 << 20;
    /** The most files one verification may load, counting every file of every directory named. */
    public static final int MAX_FILES = 256;

    private CollateralFiles() {
    }

    /**
     * The files {@code paths} name, in order, each directory replaced by its regular files sorted by
     * name; fails when there are more than {@link #MAX_FILES} in all or a path cannot be listed.
     */
    public static List<Path> expand(Collection<Path> paths) throws CollateralUnavailableException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    // limit: a directory of millions of entries is not listed in full only to be refused
                    s.filter(f -> Files.isRegularFile(f)).sorted().limit(MAX_FILES + 1L).forEach(out::add);
                } catch (IOException | RuntimeException e) {
                    throw new CollateralUnavailableException("cannot list collateral directory " + p + ": "
                            + e.getMessage(), p.toString(), false, e);
                }
            } else {
                out.add(p);
            }
            if (out.size() > MAX_FILES) {
                throw new CollateralUnavailableException("more than " + MAX_FILES + " collateral files (at " + p + ")",
                        p.toString(), false);
            }
        }
        return out;
    }

    /** The content of the regular file {@code file}, at most {@link #MAX_FILE_BYTES} bytes. */
    public static byte[] read(Path file) throws CollateralUnavailableException {
        return read(file, MAX_FILE_BYTES);
    }

    /**
     * The content of the regular file {@code file}, at most {@code maxBytes} bytes: for inputs the
     * caller knows to be larger than collateral (firmware images, kernels), with the cap it names.
     */
    public static byte[] read(Path file, int maxBytes) throws CollateralUnavailableException {
        if (maxBytes < 0 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
        if (!Files.isRegularFile(file)) {
            String why = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? " is not a regular file" : " does not exist";
            throw new CollateralUnavailableException("collateral " + file + why, file.toString(), false);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(maxBytes + 1);
            if (content.length > maxBytes) {
                throw new CollateralUnavailableException("collateral file " + file + " is larger than "
                        + maxBytes + " bytes", file.toString(), false);
            }
            return content;
        } catch (IOException e) {
            throw new CollateralUnavailableException("cannot read collateral " + file + ": " + e.getMessage(),
                    file.toString(), false, e);
        }
    }

    /** {@link #read} of every file {@link #expand} finds, in the same order. */
    public static List<byte[]> readAll(Collection<Path> paths) throws CollateralUnavailableException {
        List<byte[]> out = new ArrayList<>();
        for (Path f : expand(paths)) {
            out.add(read(f));
        }
        return out;
    }
}
