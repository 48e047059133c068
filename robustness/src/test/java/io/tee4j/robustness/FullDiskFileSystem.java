package io.tee4j.robustness;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A test-only view of the default filesystem whose disk fills up: data writes succeed until a byte
 * quota is used, then the write that crosses it is short (as a real {@code write(2)} is) and the
 * next one fails with {@code FileSystemException(path, null, "No space left on device")}, the
 * exception the JDK raises for {@code ENOSPC}. The {@code n}-th {@code force} or {@code move} can be
 * made to fail the same way ({@code fsync} and {@code rename} report {@code ENOSPC} too, the first
 * when delayed allocation finds no room). Optionally creating a new file or directory fails too
 * once the quota is used (a full filesystem with no room for a new directory block); by default
 * creating names is free, as it usually is on ext4 while inodes remain.
 *
 * <p>Built because a size-limited mount (tmpfs, loop device) cannot be had on the test machine;
 * everything else (reads, listing, attributes, deletes) is the default filesystem's, so files
 * written here are real files under {@link #real()}. Data writes are logged per file (name, bytes,
 * temporary names resolved through the renames) and forces and moves counted, so a test can place
 * a fault inside a chosen file. Not thread-safe beyond what the
 * synchronised counters give; one test thread at a time.
 */
final class FullDiskFileSystem extends FileSystem {
    /** The JDK's wording for {@code ENOSPC}. */
    static final String ENOSPC = "No space left on device";

    private final FileSystem delegate = FileSystems.getDefault();
    private final FullDiskProvider provider;
    private final Path realRoot;
    private long remaining = Long.MAX_VALUE;
    private boolean namesNeedSpace;
    private int failForceAt;
    private int failMoveAt;
    private int forces;
    private int moves;
    private int faults;
    private final List<Written> writes = new ArrayList<>();
    private final List<String[]> renames = new ArrayList<>();

    /** One file's bytes written in a row (name is the file name at the time of writing). */
    static final class Written {
        final String name;
        long bytes;

        Written(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name + ":" + bytes;
        }
    }

    private FullDiskFileSystem(Path realRoot) {
        this.realRoot = realRoot.toAbsolutePath();
        this.provider = new FullDiskProvider(this, delegate.provider());
    }

    /** A view over the default filesystem with {@code realRoot} as the path tests hand out; no limit yet. */
    static FullDiskFileSystem over(Path realRoot) {
        if (realRoot.getFileSystem() != FileSystems.getDefault()) {
            throw new IllegalArgumentException("wraps only the default filesystem: " + realRoot);
        }
        return new FullDiskFileSystem(realRoot);
    }

    /** The disk is full after {@code bytes} more bytes of data (0: full now). */
    synchronized FullDiskFileSystem quota(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("quota must not be negative");
        }
        this.remaining = bytes;
        return this;
    }

    /** Creating a file or directory also fails once the quota is used. */
    synchronized FullDiskFileSystem namesNeedSpace(boolean yes) {
        this.namesNeedSpace = yes;
        return this;
    }

    /** The {@code nth} force (from 1, counting every channel) fails with ENOSPC; 0 for none. */
    synchronized FullDiskFileSystem failForceAt(int nth) {
        this.failForceAt = nth;
        return this;
    }

    /** The {@code nth} move (from 1) fails with ENOSPC, leaving source and target as they were; 0 for none. */
    synchronized FullDiskFileSystem failMoveAt(int nth) {
        this.failMoveAt = nth;
        return this;
    }

    /** {@code realRoot} as a path of this filesystem. */
    Path root() {
        return new FullDiskPath(this, realRoot);
    }

    /** The default-filesystem folder behind {@link #root()}. */
    Path real() {
        return realRoot;
    }

    /** How many ENOSPC failures were raised. */
    synchronized int faults() {
        return faults;
    }

    synchronized int forces() {
        return forces;
    }

    synchronized int moves() {
        return moves;
    }

    /** Data written so far, a run per file in order, with the names of temporary files resolved to their move targets. */
    synchronized List<Written> writes() {
        List<Written> out = new ArrayList<>();
        for (Written w : writes) {
            String name = w.name;
            for (String[] r : renames) {
                if (r[0].equals(name)) {
                    name = r[1];
                }
            }
            Written copy = new Written(name);
            copy.bytes = w.bytes;
            out.add(copy);
        }
        return out;
    }

    /** Total data bytes written. */
    synchronized long bytesWritten() {
        return writes.stream().mapToLong(w -> w.bytes).sum();
    }

    private FileSystemException full(Path file) {
        faults++;
        return new FileSystemException(file.toString(), null, ENOSPC);
    }

    /**
     * Grants up to {@code wanted} bytes of writing to {@code file}: all of them while the quota
     * lasts, the rest of the quota when it runs out mid-write, ENOSPC when nothing is left.
     */
    synchronized int grant(Path file, int wanted) throws FileSystemException {
        if (wanted == 0) {
            return 0;
        }
        if (remaining == 0) {
            throw full(file);
        }
        int granted = (int) Math.min(wanted, remaining);
        remaining -= granted;
        return granted;
    }

    /** Takes {@code bytes} of the quota for {@code file} at once, or fails without taking any. */
    synchronized void reserve(Path file, long bytes) throws FileSystemException {
        if (bytes == 0) {
            return;
        }
        if (remaining < bytes) {
            throw full(file);
        }
        remaining -= bytes;
        Written w = new Written(file.getFileName().toString());
        w.bytes = bytes;
        writes.add(w);
    }

    /** Records bytes that reached the file (after a grant). */
    synchronized void wrote(Path file, int bytes, int granted) {
        remaining += granted - bytes;
        String name = file.getFileName().toString();
        Written last = writes.isEmpty() ? null : writes.get(writes.size() - 1);
        if (last == null || !last.name.equals(name)) {
            last = new Written(name);
            writes.add(last);
        }
        last.bytes += bytes;
    }

    synchronized void beforeForce(Path file) throws FileSystemException {
        forces++;
        if (forces == failForceAt) {
            throw full(file);
        }
    }

    synchronized void beforeMove(Path source, Path target) throws FileSystemException {
        moves++;
        if (moves == failMoveAt) {
            throw full(source);
        }
        renames.add(new String[] {source.getFileName().toString(), target.getFileName().toString()});
    }

    /** Fails creating {@code real} (not yet there) when names need space and none is left. */
    synchronized void beforeCreate(Path real) throws FileSystemException {
        if (namesNeedSpace && remaining == 0 && !Files.exists(real)) {
            throw full(real);
        }
    }

    Path wrap(Path real) {
        return real == null ? null : new FullDiskPath(this, real);
    }

    Path unwrap(Path p) {
        return FullDiskPath.unwrap(this, p);
    }

    @Override
    public FullDiskProvider provider() {
        return provider;
    }

    /** Nothing to release: the default filesystem stays open. */
    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return delegate.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        delegate.getRootDirectories().forEach(r -> roots.add(wrap(r)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return delegate.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return delegate.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(delegate.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher m = delegate.getPathMatcher(syntaxAndPattern);
        return p -> m.matches(unwrap(p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return delegate.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() throws IOException {
        throw new UnsupportedOperationException("the full-disk test filesystem has no watch service");
    }
}
