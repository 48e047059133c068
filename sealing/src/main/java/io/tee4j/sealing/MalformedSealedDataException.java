package io.tee4j.sealing;

import io.tee4j.core.FailureClass;

/**
 * The input is not sealed data this version can read: wrong magic, unknown format version or
 * algorithm, unknown binding bits, a declared length over its cap, or input that ends early.
 * Failure class {@link FailureClass#MALFORMED_EVIDENCE}.
 *
 * @since 0.1
 */
public final class MalformedSealedDataException extends SealingException {
    private static final long serialVersionUID = 1L;

    public MalformedSealedDataException(String message) {
        super(message);
    }

    /** With the failure that showed the data malformed (a key source refusing a recorded value, say). */
    public MalformedSealedDataException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.MALFORMED_EVIDENCE;
    }
}
