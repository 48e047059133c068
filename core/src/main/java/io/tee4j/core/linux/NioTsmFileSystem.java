package io.tee4j.core.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link TsmFileSystem} on {@code java.nio}. Not API.
 *
 * <p>{@code java.nio} does not expose {@code errno}; it gives typed exceptions for a few
 * ({@code ENOENT}, {@code EACCES}, {@code EEXIST}, ...) and the {@code strerror} text for the rest.
 * This class recovers the errno from those, for the glibc/musl English texts.
 */
final class NioTsmFileSystem implements TsmFileSystem {

    static final NioTsmFileSystem INSTANCE = new NioTsmFileSystem();

    private static final Map<String, Integer> STRERROR = Map.ofEntries(
            Map.entry("Device or resource busy", Errno.EBUSY),
            Map.entry("Resource busy", Errno.EBUSY),
            Map.entry("Resource temporarily unavailable", Errno.EAGAIN),
            Map.entry("Try again", Errno.EAGAIN),
            Map.entry("No such device or address", Errno.ENXIO),
            Map.entry("No such device", Errno.ENODEV),
            Map.entry("Invalid argument", Errno.EINVAL),
            Map.entry("File too large", Errno.EFBIG),
            Map.entry("Interrupted system call", Errno.EINTR),
            Map.entry("Input/output error", Errno.EIO),
            Map.entry("I/O error", Errno.EIO),
            Map.entry("Connection timed out", Errno.ETIMEDOUT),
            Map.entry("Operation timed out", Errno.ETIMEDOUT),
            Map.entry("Permission denied", Errno.EACCES),
            Map.entry("Operation not permitted", Errno.EPERM),
            Map.entry("No such file or directory", Errno.ENOENT),
            Map.entry("Operation not supported", Errno.EOPNOTSUPP),
            Map.entry("Not supported", Errno.EOPNOTSUPP),
            Map.entry("Read-only file system", Errno.EROFS),
            Map.entry("Out of memory", Errno.ENOMEM),
            Map.entry("Cannot allocate memory", Errno.ENOMEM));

    private NioTsmFileSystem() {
    }

    @Override
    public boolean isDirectory(Path path) {
        try {
            return Files.isDirectory(path);
        } catch (SecurityException e) {
            return false;
        }
    }

    @Override
    public boolean exists(Path path) {
        try {
            return Files.exists(path);
        } catch (SecurityException e) {
            return false;
        }
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw translate(e, "mkdir " + dir);
        }
    }

    @Override
    public void deleteDirectory(Path dir) throws IOException {
        try {
            Files.delete(dir);
        } catch (IOException e) {
            throw translate(e, "rmdir " + dir);
        }
    }

    @Override
    public void write(Path file, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw translate(e, "write " + file);
        }
    }

    @Override
    public byte[] read(Path file, int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative maxBytes");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int limit = maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1;
            byte[] out = new byte[Math.min(limit, 4096)];
            int length = 0;
            while (length < limit) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
                }
                int n = channel.read(ByteBuffer.wrap(out, length, out.length - length));
                if (n < 0) {
                    break;
                }
                length += n;
            }
            if (length > maxBytes) {
                Arrays.fill(out, (byte) 0);
                throw new ErrnoIOException(Errno.EFBIG, "read " + file + ": longer than " + maxBytes + " bytes");
            }
            return Arrays.copyOf(out, length);
        } catch (ErrnoIOException e) {
            throw e;
        } catch (IOException e) {
            throw translate(e, "read " + file);
        }
    }

    /** Recovers the errno behind a {@code java.nio} exception, when it can. */
    public static IOException translate(IOException e, String operation) {
        if (e instanceof ErrnoIOException) {
            return e;
        }
        Integer errno = null;
        if (e instanceof NoSuchFileException) {
            errno = Errno.ENOENT;
        } else if (e instanceof AccessDeniedException) {
            errno = Errno.EACCES;
        } else if (e instanceof FileAlreadyExistsException) {
            errno = Errno.EEXIST;
        } else if (e instanceof DirectoryNotEmptyException) {
            errno = Errno.ENOTEMPTY;
        } else if (e instanceof NotDirectoryException) {
            errno = Errno.ENOTDIR;
        } else {
            String text = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
            if (text == null) {
                text = e.getMessage();
            }
            if (text != null) {
                errno = STRERROR.get(text.trim());
            }
        }
        return errno == null ? e : new ErrnoIOException(errno, operation, e);
    }
}
