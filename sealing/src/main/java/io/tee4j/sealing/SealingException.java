package io.tee4j.sealing;

import io.tee4j.core.AttestationException;

/**
 * The checked root of every sealing failure. It extends core's {@link AttestationException} so
 * that a key source's own errors (an SNP firmware refusal, say) and sealing's errors share one
 * hierarchy and one set of {@linkplain #failureClass() failure classes} (which the {@code tee4j}
 * command maps to exit codes): a caller may catch {@code SealingException} for everything the
 * {@link Sealer} throws. Unsealing never fails with an unchecked exception on bad input.
 *
 * <p>Subclasses: {@link MalformedSealedDataException} (the bytes are not a sealed blob or stream
 * this version can read), {@link SealedDataAuthenticationException} (authentication failed:
 * tampered, truncated, reordered, wrong key or wrong associated data),
 * {@link SealingPolicyException} (the data or a configuration is refused by policy) and
 * {@link SealingKeyUnavailableException} (the key source could not derive the key).
 *
 * @since 0.1
 */
public abstract class SealingException extends AttestationException {
    private static final long serialVersionUID = 1L;

    protected SealingException(String message) {
        super(message);
    }

    protected SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
