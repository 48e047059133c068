package io.tee4j.core.collateral.internal;

import io.tee4j.core.collateral.internal.EntryMetadata.CorruptEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk cache layout: under {@code root/v1/}, for each entry {@code <h>.body} (the document
 * bytes) and {@code <h>.meta} (an {@link EntryMetadata} file), where {@code h} is the lower-case
 * hex SHA-256 of the UTF-8 cache key. Files are written to a temporary file in the same folder,
 * forced to disk and renamed atomically over the old ones, so a reader sees a whole old or a whole
 * new file, never a partial one; temporary files a crashed writer left for the same entry are
 * swept on the next write of it. An entry is used only when its metadata parses, names the same
 * key and kind, and its body has the recorded SHA-256 and fits the size cap.
 *
 * <p>Shared by many processes (sidecars on one volume): every write publishes whole files with an
 * atomic rename, so concurrent readers and writers never see a torn file, and two writers of one
 * entry each publish a complete, self-consistent pair (the last rename wins). Symbolic links are
 * never followed and a non-regular file is never read or replaced: the entries folder must be a
 * real directory, and an entry file that is a link, a FIFO, a device or a folder is treated as
 * absent on read and refused on write, so whoever can plant such a file cannot make the cache read
 * or overwrite something elsewhere, nor hang a reader on a FIFO.
 */
public final class DirectoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryStore.class);

    /** How old a temporary file of an entry must be to count as left behind by a crashed write. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    /** Name of the versioned sub-folder holding the entries. */
    public static final String LAYOUT = "v1";

    private final Path root;
    private final Path dir;

    public DirectoryStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
        this.dir = root.resolve(LAYOUT);
    }

    public Path root() {
        return root;
    }

    /** The folder holding the entry files. */
    public Path entriesDirectory() {
        return dir;
    }

    /** The file-name stem for a key: lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String stem(String key) {
        return EntryMetadata.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    }

    public Path bodyFile(String key) {
        return dir.resolve(stem(key) + ".body");
    }

    public Path metadataFile(String key) {
        return dir.resolve(stem(key) + ".meta");
    }

    /** A checked entry: its body, metadata, and the fetch time to report. */
    public static final class Stored {
        public final byte[] body;
        public final EntryMetadata metadata;
        public final Instant fetchedAt;

        Stored(byte[] body, EntryMetadata metadata, Instant fetchedAt) {
            this.body = body;
            this.metadata = metadata;
            this.fetchedAt = fetchedAt;
        }
    }

    /**
     * Reads the entry for {@code key}; empty when absent, unreadable or corrupt (the reason is
     * logged at DEBUG). Never throws for the content of the files.
     *
     * @param kind the kind the entry must have, or null for any
     */
    public Optional<Stored> read(String key, String kind, int maxBytes) {
        Path meta = metadataFile(key);
        Path body = bodyFile(key);
        try {
            requireRealDirectory(dir);
            EntryMetadata m = EntryMetadata.parse(readBounded(meta, EntryMetadata.MAX_BYTES));
            if (!m.key().equals(key)) {
                throw new CorruptEntryException("metadata names another key");
            }
            if (kind != null && !m.kind().equals(kind)) {
                throw new CorruptEntryException("metadata kind " + m.kind() + " is not the requested " + kind);
            }
            byte[] bytes = readBounded(body, maxBytes);
            if (!EntryMetadata.sha256Hex(bytes).equals(m.sha256())) {
                throw new CorruptEntryException("body does not match the recorded SHA-256");
            }
            Instant fetchedAt = m.fetchedAt().isPresent() ? m.fetchedAt().get()
                    : Files.getLastModifiedTime(body).toInstant();
            return Optional.of(new Stored(bytes, m, fetchedAt));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CorruptEntryException e) {
            LOG.debug("collateral cache ignoring corrupt entry key={} file={} reason=\"{}\"", key, meta, e.getMessage());
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("collateral cache cannot read entry key={} file={} error=\"{}\"", key, meta, e.toString());
            return Optional.empty();
        }
    }

    /** Writes (or replaces) the entry for {@code metadata.key()} atomically. */
    public void write(EntryMetadata metadata, byte[] body) throws IOException {
        if (!EntryMetadata.sha256Hex(body).equals(metadata.sha256())) {
            throw new IllegalArgumentException("metadata sha256 does not match the body");
        }
        Files.createDirectories(dir);
        requireRealDirectory(dir);
        String stem = stem(metadata.key());
        // Body first: a reader that sees the new metadata with the old body (or the reverse)
        // finds a SHA-256 mismatch and ignores the entry.
        writeAtomically(dir.resolve(stem + ".body"), body, stem);
        writeAtomically(dir.resolve(stem + ".meta"), metadata.encode(), stem);
        syncDirectory(dir);
    }

    private static void writeAtomically(Path target, byte[] bytes, String stem) throws IOException {
        requireRegularOrAbsent(target);
        Path tmp = Files.createTempFile(target.getParent(), "." + stem + "-", ".tmp");
        sweepAbandoned(tmp, stem);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("collateral cache cannot remove temporary file {}: {}", tmp, e.toString());
            }
        }
    }

    /**
     * Deletes this entry's temporary files that a process killed in the middle of a write left
     * behind, so that crashes cannot pile them up. A file counts as abandoned when it was last
     * modified more than {@link #ABANDONED_AFTER} before the temporary file just created: both
     * times come from the same file system, so no clock is needed, and a write in flight in another
     * process (seconds old at most) is left alone. Best effort: failures are logged and ignored.
     */
    private static void sweepAbandoned(Path ownTmp, String stem) {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(ownTmp.getParent(), "." + stem + "-*.tmp")) {
            long now = Files.getLastModifiedTime(ownTmp).toMillis();
            for (Path p : leftovers) {
                if (!p.equals(ownTmp) && Files.getLastModifiedTime(p).toMillis() < now - ABANDONED_AFTER.toMillis()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("collateral cache cannot sweep abandoned temporary files of {}: {}", stem, e.toString());
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the renames durable on Linux; not supported everywhere, and not needed for atomicity.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.trace("collateral cache cannot sync directory {}: {}", dir, e.toString());
        }
    }

    /** The entries folder must be a directory itself, not a link to one somewhere else. */
    private static void requireRealDirectory(Path dir) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!a.isDirectory()) {
            throw new IOException("collateral cache folder " + dir + " is not a plain directory (a symbolic link or"
                    + " another kind of file); not using it");
        }
    }

    /** A file about to be replaced must be a regular file or absent: never a link, folder, FIFO or device. */
    private static void requireRegularOrAbsent(Path target) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new IOException("not replacing " + target + ": it is not a regular file");
            }
        } catch (NoSuchFileException e) {
            // Absent: the rename creates it.
        }
    }

    /**
     * Reads at most {@code max} bytes of a regular file, never through a symbolic link (opened
     * with {@code O_NOFOLLOW}); a longer file is corrupt, a link or any other kind of file is
     * treated as absent.
     */
    static byte[] readBounded(Path file, int max) throws IOException, CorruptEntryException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new CorruptEntryException(file.getFileName() + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
            if (b.length > max) {
                throw new CorruptEntryException(file.getFileName() + " is larger than " + max + " bytes");
            }
            return b;
        }
    }
}
