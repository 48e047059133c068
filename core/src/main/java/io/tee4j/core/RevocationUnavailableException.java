package io.tee4j.core;

/**
 * Revocation status (a CRL or an OCSP answer) could not be established. Revocation is checked by
 * default; this is raised instead of accepting unchecked evidence. Callers that cannot check
 * revocation must say so by name ({@link RevocationMode#SKIP_INSECURE}).
 *
 * @since 0.1
 */
public class RevocationUnavailableException extends AttestationException {
    private static final long serialVersionUID = 1L;

    public RevocationUnavailableException(String message) {
        super(message);
    }

    public RevocationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.REVOCATION_UNAVAILABLE;
    }
}
