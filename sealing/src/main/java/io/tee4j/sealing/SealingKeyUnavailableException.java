package io.tee4j.sealing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import java.util.Objects;

/**
 * The key source could not give a key (the TEE device refused, a released key could not be
 * read). When the source failed with a tee4j error, that error is the {@linkplain #getCause()
 * cause} and its failure class is kept; otherwise the class is {@link FailureClass#TEE_UNAVAILABLE}.
 *
 * @since 0.1
 */
public final class SealingKeyUnavailableException extends SealingException {
    private static final long serialVersionUID = 1L;

    private final FailureClass failureClass;

    public SealingKeyUnavailableException(String message) {
        super(message);
        this.failureClass = FailureClass.TEE_UNAVAILABLE;
    }

    public SealingKeyUnavailableException(String message, Throwable cause) {
        super(message, Objects.requireNonNull(cause, "cause"));
        this.failureClass = cause instanceof AttestationException
                ? ((AttestationException) cause).failureClass()
                : FailureClass.TEE_UNAVAILABLE;
    }

    @Override
    public FailureClass failureClass() {
        return failureClass;
    }
}
