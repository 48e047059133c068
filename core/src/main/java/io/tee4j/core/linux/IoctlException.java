package io.tee4j.core.linux;

import io.tee4j.core.TeeUnavailableException;
import java.util.Objects;

/**
 * An ioctl returned -1. Carries the device path, the request number and the {@code errno}, with
 * its symbolic name ({@code EIO}, {@code EBUSY}, {@code EAGAIN}, {@code ENOTTY}, ...).
 *
 * <p>It is a {@link TeeUnavailableException} (exit code 7, "the TEE refused the request"), so a
 * backend may let it propagate; a backend that knows more (for SEV-SNP, the firmware and VMM error
 * codes written into the argument struct) should catch it and throw its own, better message.
 * The message never contains argument bytes.
 *
 * @since 0.1
 */
public class IoctlException extends TeeUnavailableException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long request;
    private final int errno;

    /**
     * @param path the device path
     * @param request the ioctl request number
     * @param errno the {@code errno} the call left
     */
    public IoctlException(String path, long request, int errno) {
        this(path, request, errno, null);
    }

    /** As {@link #IoctlException(String, long, int)}, with an underlying cause. */
    public IoctlException(String path, long request, int errno, Throwable cause) {
        super("ioctl " + IoctlNumbers.toHex(request) + " on " + Objects.requireNonNull(path, "path")
                + " failed: " + Errno.name(errno) + " (errno " + errno + ")", cause);
        this.path = path;
        this.request = request;
        this.errno = errno;
    }

    /** The device path the ioctl was made on. */
    public String path() {
        return path;
    }

    /** The request number. */
    public long request() {
        return request;
    }

    /** The {@code errno} value. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}, e.g. {@code "EBUSY"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** Whether retrying later may succeed: {@code EBUSY}, {@code EAGAIN} or {@code EINTR}. */
    public boolean isTransient() {
        return Errno.isTransient(errno);
    }
}
