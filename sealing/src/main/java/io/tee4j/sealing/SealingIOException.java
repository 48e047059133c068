package io.tee4j.sealing;

import java.io.IOException;
import java.util.Objects;

/**
 * How a {@link SealingInputStream} or {@link SealingOutputStream} reports a sealing failure
 * through the {@link java.io.InputStream}/{@link java.io.OutputStream} signatures, which allow only
 * {@link IOException}. The typed failure is always there: {@link #sealingException()}.
 * {@link Sealer#unsealStream} and {@link SealedFiles} unwrap it and throw the
 * {@link SealingException} itself.
 *
 * @since 0.1
 */
public final class SealingIOException extends IOException {
    private static final long serialVersionUID = 1L;

    public SealingIOException(SealingException cause) {
        super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
    }

    /** The typed sealing failure. */
    public SealingException sealingException() {
        return (SealingException) getCause();
    }
}
