package io.tee4j.sealing.internal;

/**
 * Sealed data whose authentication failed (a tag that does not verify, a truncated stream). The
 * public classes turn it into {@code SealedDataAuthenticationException} with the same message; it
 * exists so this package depends on nothing above it.
 */
public final class TagMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public TagMismatchException(String message) {
        super(message);
    }
}
