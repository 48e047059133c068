package io.tee4j.core.linux;

import io.tee4j.core.TeeUnavailableException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A configfs-tsm report could not be obtained. {@link #reason()} says why, in a form a backend
 * can switch on; the message says what was found and what to do. Every reason is a
 * {@link TeeUnavailableException} (exit code 7): the platform could not produce evidence.
 *
 * @since 0.1
 */
public class TsmException extends TeeUnavailableException {
    private static final long serialVersionUID = 1L;

    /** Why the report could not be had. */
    public enum Reason {
        /** The configfs-tsm tree is missing: configfs not mounted, kernel too old, or no TSM support. */
        UNAVAILABLE,
        /** The tree exists but this process may not create or use entries in it. */
        PERMISSION_DENIED,
        /** No TSM provider is registered ({@code ENXIO}): the guest driver is not loaded. */
        NO_PROVIDER,
        /** The provider is not the one the caller asked for. */
        PROVIDER_MISMATCH,
        /** The provider stayed busy ({@code EBUSY}/{@code EAGAIN}) through every retry. */
        BUSY,
        /** {@code generation} moved by more than our own writes on every attempt: another writer raced us. */
        CONCURRENT_WRITER,
        /**
         * The provider rejected the request ({@code EINVAL}: wrong inblob length, privlevel below
         * the floor) or lacks an attribute it writes (e.g. {@code privlevel} on {@code tdx_guest}).
         */
        INVALID_REQUEST,
        /** The provider returned an empty {@code outblob} without an error. */
        EMPTY_OUTBLOB,
        /** An attribute is larger than the configured cap ({@code EFBIG}). */
        TOO_LARGE,
        /** {@code provider} or {@code generation} holds text that is not what the kernel writes. */
        MALFORMED_ATTRIBUTE,
        /** Any other I/O failure or {@code errno} (e.g. {@code EIO} from the provider, {@code ETIMEDOUT}). */
        IO_ERROR
    }

    private final Reason reason;
    private final int errno;

    /**
     * @param reason why
     * @param message what was found and what to do
     * @param errno the {@code errno} behind it, or -1 when none
     * @param cause the underlying failure, or {@code null}
     */
    public TsmException(Reason reason, String message, int errno, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.errno = errno;
    }

    /** As {@link #TsmException(Reason, String, int, Throwable)}, listing what was probed. */
    public TsmException(Reason reason, String message, List<String> probes) {
        super(message, probes);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.errno = -1;
    }

    /** Why the report could not be had. */
    public Reason reason() {
        return reason;
    }

    /** The {@code errno} behind the failure, when there was one. */
    public OptionalInt errno() {
        return errno < 0 ? OptionalInt.empty() : OptionalInt.of(errno);
    }
}
