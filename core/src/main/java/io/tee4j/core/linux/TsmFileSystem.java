package io.tee4j.core.linux;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The few file operations {@link TsmReportClient} makes on the configfs-tsm tree. The real one,
 * {@link #system()}, uses {@code java.nio}; a simulator plugs in a fake that behaves like the
 * kernel (creates the attribute files on {@code mkdir}, produces {@code outblob} from
 * {@code inblob}, bumps {@code generation} on every write) so the real client runs against it.
 * core's test jar has one: {@code io.tee4j.core.testing.FakeTsmTree}.
 *
 * <p>Failures that the kernel reports with an {@code errno} must be thrown as
 * {@link ErrnoIOException} carrying it; the client decides by errno ({@code ENOENT} missing,
 * {@code EACCES}/{@code EPERM} permission, {@code ENXIO} no provider, {@code EBUSY}/{@code EAGAIN}
 * busy, {@code EINVAL} bad request, {@code EFBIG} too large). Any other {@link IOException} is
 * treated as an I/O error.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface TsmFileSystem {

    /** The {@code java.nio} implementation for the real {@code /sys/kernel/config}. */
    static TsmFileSystem system() {
        return NioTsmFileSystem.INSTANCE;
    }

    /** Whether {@code path} is an existing directory (no exception; {@code false} when unknown). */
    boolean isDirectory(Path path);

    /** Whether {@code path} exists (no exception; {@code false} when unknown). */
    boolean exists(Path path);

    /** {@code mkdir(dir)}; configfs creates the entry's attribute files with it. */
    void createDirectory(Path dir) throws IOException;

    /** {@code rmdir(dir)} of an entry made by {@link #createDirectory}. */
    void deleteDirectory(Path dir) throws IOException;

    /**
     * Writes {@code data} to an existing attribute file in one open–write–close, without creating
     * or truncating it. (configfs commits a binary attribute on close, so an error such as
     * {@code EINVAL} for a bad length may come from the close and must be reported.)
     */
    void write(Path file, byte[] data) throws IOException;

    /**
     * Reads a whole attribute file. Reads at most {@code maxBytes + 1} bytes: when the attribute
     * is longer than {@code maxBytes}, throws {@link ErrnoIOException} with {@link Errno#EFBIG}.
     */
    byte[] read(Path file, int maxBytes) throws IOException;
}
