package io.tee4j.sealing;

import io.tee4j.core.FailureClass;

/**
 * The sealed data did not authenticate: it was changed, truncated, reordered, spliced from
 * another blob or file, sealed under another key, or the associated data given to unseal differs
 * from the one given to seal. Nothing of the plaintext of a failing blob or segment is released.
 * Failure class {@link FailureClass#VERIFICATION_FAILED}.
 *
 * @since 0.1
 */
public final class SealedDataAuthenticationException extends SealingException {
    private static final long serialVersionUID = 1L;

    public SealedDataAuthenticationException(String message) {
        super(message);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.VERIFICATION_FAILED;
    }
}
