package io.tee4j.robustness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/**
 * A path of a {@link FullDiskFileSystem}: a default-filesystem path under another
 * {@link java.nio.file.FileSystem}, so that {@code Files.*} calls on it go through the quota
 * provider. Every operation is the wrapped path's, re-wrapped.
 */
final class FullDiskPath implements Path {
    private final FullDiskFileSystem fs;
    private final Path real;

    FullDiskPath(FullDiskFileSystem fs, Path real) {
        this.fs = fs;
        this.real = Objects.requireNonNull(real, "real");
    }

    /** The default-filesystem path this one stands for. */
    Path real() {
        return real;
    }

    /** The wrapped path of {@code p}, which must belong to {@code fs}. */
    static Path unwrap(FullDiskFileSystem fs, Path p) {
        if (!(p instanceof FullDiskPath) || ((FullDiskPath) p).fs != fs) {
            throw new ProviderMismatchException("not a path of this full-disk filesystem: " + p);
        }
        return ((FullDiskPath) p).real;
    }

    private Path wrap(Path p) {
        return p == null ? null : new FullDiskPath(fs, p);
    }

    @Override
    public FullDiskFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof FullDiskPath && ((FullDiskPath) other).fs == fs
                && real.startsWith(((FullDiskPath) other).real);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof FullDiskPath && ((FullDiskPath) other).fs == fs
                && real.endsWith(((FullDiskPath) other).real);
    }

    @Override
    public Path normalize() {
        return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(real.resolve(unwrap(fs, other)));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(real.relativize(unwrap(fs, other)));
    }

    /** The wrapped file's URI (a {@code file:} URI: there is no installed provider for this one). */
    @Override
    public URI toUri() {
        return real.toUri();
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("the full-disk test filesystem has no watch service");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(fs, other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FullDiskPath && ((FullDiskPath) o).fs == fs && ((FullDiskPath) o).real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode();
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
