package io.tee4j.core.linux;

import java.io.IOException;

/**
 * An I/O failure that carries the Linux {@code errno} behind it. {@link TsmFileSystem}
 * implementations throw it so that {@link TsmReportClient} can tell {@code EBUSY} (retry) from
 * {@code EINVAL} (bad request), {@code ENXIO} (no provider) and so on; fakes throw it to simulate
 * those kernel answers.
 *
 * @since 0.1
 */
public class ErrnoIOException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno the Linux {@code errno}, see {@link Errno}
     * @param message what failed (a path and an operation); the errno name is appended
     */
    public ErrnoIOException(int errno, String message) {
        this(errno, message, null);
    }

    /** As {@link #ErrnoIOException(int, String)}, with the underlying cause. */
    public ErrnoIOException(int errno, String message, Throwable cause) {
        super(message + ": " + Errno.name(errno), cause);
        this.errno = errno;
    }

    /** The {@code errno}. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
