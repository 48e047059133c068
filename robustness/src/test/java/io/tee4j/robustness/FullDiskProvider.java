package io.tee4j.robustness;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider of one {@link FullDiskFileSystem}: every call is the default provider's on the
 * unwrapped paths, except that channels opened for writing count their bytes against the quota
 * ({@link QuotaFileChannel}), moves and file or directory creation may fail with ENOSPC, and
 * copies are charged their size. Not installed (never in {@link FileSystemProvider#installedProviders()}).
 */
final class FullDiskProvider extends FileSystemProvider {
    private final FullDiskFileSystem fs;
    private final FileSystemProvider real;

    FullDiskProvider(FullDiskFileSystem fs, FileSystemProvider real) {
        this.fs = fs;
        this.real = real;
    }

    @Override
    public String getScheme() {
        return "tee4j-full-disk";
    }

    @Override
    public FullDiskFileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("made by FullDiskFileSystem.over only");
    }

    @Override
    public FullDiskFileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("made by FullDiskFileSystem.over only");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("made by FullDiskFileSystem.over only");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path p = fs.unwrap(path);
        if (options.contains(StandardOpenOption.CREATE_NEW) || options.contains(StandardOpenOption.CREATE)) {
            fs.beforeCreate(p);
        }
        return new QuotaFileChannel(fs, p, real.newFileChannel(p, options, attrs));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> inner = real.newDirectoryStream(fs.unwrap(dir), p -> filter.accept(fs.wrap(p)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> it = inner.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fs.wrap(it.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                inner.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path p = fs.unwrap(dir);
        fs.beforeCreate(p);
        real.createDirectory(p, attrs);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        Path p = fs.unwrap(link);
        fs.beforeCreate(p);
        real.createSymbolicLink(p, fs.unwrap(target), attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Path p = fs.unwrap(link);
        fs.beforeCreate(p);
        real.createLink(p, fs.unwrap(existing));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return fs.wrap(real.readSymbolicLink(fs.unwrap(link)));
    }

    @Override
    public void delete(Path path) throws IOException {
        real.delete(fs.unwrap(path));
    }

    /** Charged the source's size up front: a copy that does not fit fails before writing anything. */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path s = fs.unwrap(source);
        Path t = fs.unwrap(target);
        fs.reserve(t, Files.size(s));
        real.copy(s, t, options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path s = fs.unwrap(source);
        Path t = fs.unwrap(target);
        fs.beforeMove(s, t);
        real.move(s, t, options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return real.isSameFile(fs.unwrap(path), fs.unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return real.isHidden(fs.unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return real.getFileStore(fs.unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        real.checkAccess(fs.unwrap(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return real.getFileAttributeView(fs.unwrap(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return real.readAttributes(fs.unwrap(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return real.readAttributes(fs.unwrap(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        real.setAttribute(fs.unwrap(path), attribute, value, options);
    }
}
