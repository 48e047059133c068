package io.tee4j.sealing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files so that a crash leaves either the old file or the whole new one: the content goes
 * into a temporary file beside the target, which is forced to the device, renamed over the target
 * atomically, and the directory is then forced. {@link SealedFiles} and the {@code tee4j} command
 * write every output this way.
 *
 * <p><b>Targets.</b> A target that exists must be a regular file. A directory, device (such as
 * {@code /dev/null}), FIFO or socket is refused, and so is a symbolic link, whatever it points to:
 * renaming over a link would replace the link, writing through it would write where the link
 * points, and neither is what a caller naming the link can be assumed to want. Refusal happens
 * before anything is written (and is checked again just before the rename; a target swapped in
 * between those two checks by another process is not detected).
 *
 * <p><b>Temporary files</b> are named {@code .<name>.tee4j-<pid>-<random>.tmp} (the first 50
 * characters of the target's name), created owner-only where the file system has POSIX
 * permissions, and deleted on every failure this process survives. A crash (power loss,
 * {@code kill -9}) can leave one behind: it holds a prefix of what was being written, which for an
 * unsealed file is authenticated plaintext. The next write to the same target deletes every such
 * file whose process id is no longer running. Files of a live process are left alone, so two
 * writers of one target do not delete each other's work (with PID namespaces that do not share
 * processes, a live writer's file can look stale; that writer then fails at its rename rather
 * than writing a torn file). A file system without atomic rename is refused, not worked around.
 *
 * <p>Not guaranteed: freshness (an older file put back whole is not detected) and protection
 * against a process that swaps the target between the last check and the rename.
 *
 * @since 0.1
 */
public final class CrashSafeFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CrashSafeFiles.class);
    /** Code points of the target's name kept in a temporary file's name (so it stays under NAME_MAX). */
    private static final int NAME_STEM_LENGTH = 50;
    private static final String MARK = ".tee4j-";
    private static final String SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CrashSafeFiles() {
    }

    /** Writes the content of a file; may be called once per write. */
    @FunctionalInterface
    public interface Content<E extends Exception> {
        /** Writes everything to {@code out} (which must not be closed). */
        void writeTo(OutputStream out) throws IOException, E;
    }

    /**
     * Refuses {@code target} unless it does not exist or is a regular file (not a symbolic link),
     * and unless its directory can be named.
     *
     * @throws FileSystemException naming the target and the reason
     */
    public static void checkReplaceable(Path target) throws IOException {
        Path absolute = Objects.requireNonNull(target, "target").toAbsolutePath();
        if (absolute.getParent() == null || absolute.getFileName() == null) {
            throw new FileSystemException(target.toString(), null, "not a file path");
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return;
        }
        if (a.isSymbolicLink()) {
            throw new FileSystemException(target.toString(), null,
                    "is a symbolic link; refusing to replace it or write through it (name the file itself)");
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(target.toString(), null, "exists and is " + kindOf(absolute, a)
                    + ", not a regular file; refusing to replace it");
        }
    }

    /** What a non-regular file is, for the message: directory, character device, FIFO... */
    private static String kindOf(Path file, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        try {
            int type = ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
            switch (type) {
                case 0010000: return "a FIFO";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: return "a special file";
            }
        } catch (IOException | RuntimeException e) {
            return "a device, FIFO or socket";
        }
    }

    /**
     * Replaces {@code target} with what {@code content} writes, crash-safely (see the class
     * description). When {@code content} throws, the target is left as it was.
     *
     * @throws FileSystemException when the target is not replaceable ({@link #checkReplaceable})
     * @throws IOException when writing, forcing or renaming fails, or the file system cannot rename atomically
     */
    public static <E extends Exception> void replace(Path target, Content<E> content) throws IOException, E {
        Objects.requireNonNull(content, "content");
        checkReplaceable(target);
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        String stem = stemOf(absolute);
        removeStaleTemporaries(dir, stem);
        Path temp = writeTemporary(dir, stem, content);
        boolean moved = false;
        try {
            checkReplaceable(target);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically;"
                        + " refusing to write a file that a crash could tear", e);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Creates {@code target} with what {@code content} writes unless it already exists, so that it
     * never exists empty or half-written: the complete, forced temporary file is hard-linked to
     * the target name, which fails when another process created it first. Where the file system
     * has no hard links, it is moved without replacing (the JDK's check-then-rename: a race with
     * another creator is then possible).
     *
     * @return whether this call created it
     */
    public static <E extends Exception> boolean createIfAbsent(Path target, Content<E> content) throws IOException, E {
        Objects.requireNonNull(content, "content");
        checkReplaceable(target);
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path dir = absolute.getParent();
        String stem = stemOf(absolute);
        removeStaleTemporaries(dir, stem);
        Path temp = writeTemporary(dir, stem, content);
        try {
            try {
                Files.createLink(absolute, temp);
            } catch (FileAlreadyExistsException raced) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                try {
                    Files.move(temp, absolute);
                } catch (FileAlreadyExistsException raced) {
                    return false;
                }
            }
            forceDirectory(dir);
            return true;
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Creates the owner-only temporary file, writes the content and forces it to the device. */
    private static <E extends Exception> Path writeTemporary(Path dir, String stem, Content<E> content)
            throws IOException, E {
        Path temp = dir.resolve("." + stem + MARK + ProcessHandle.current().pid() + "-"
                + HexFormat.of().formatHex(randomBytes()) + SUFFIX);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] ownerOnly = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        boolean written = false;
        try (FileChannel channel = FileChannel.open(temp, options, ownerOnly)) {
            OutputStream out = new UnclosedStream(Channels.newOutputStream(channel));
            content.writeTo(out);
            out.flush();
            channel.force(true);
            written = true;
        } finally {
            if (!written) {
                deleteQuietly(temp);
            }
        }
        return temp;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The target's name, cut to {@value #NAME_STEM_LENGTH} code points. */
    private static String stemOf(Path absolute) {
        String name = absolute.getFileName().toString();
        int cut = name.offsetByCodePoints(0, Math.min(NAME_STEM_LENGTH, name.codePointCount(0, name.length())));
        return name.substring(0, cut);
    }

    /**
     * Deletes the temporary files a crashed writer of this target left: regular files named for
     * it whose process is no longer running. Best effort: a failure here never stops the write.
     */
    private static void removeStaleTemporaries(Path dir, String stem) {
        String prefix = "." + stem + MARK;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(SUFFIX))) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = pid >= 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (pid >= 0 && !alive && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.debug("deleting {}, left by process {} which is no longer running", p, pid);
                    deleteQuietly(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not look for stale temporary files in {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", p, e.toString());
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return; // directories cannot be opened for fsync there; NTFS journals the rename
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Lets the channel be forced before it is closed. */
    private static final class UnclosedStream extends FilterOutputStream {
        UnclosedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
