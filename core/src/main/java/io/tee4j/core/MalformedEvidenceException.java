package io.tee4j.core;

/**
 * The evidence (or a blob inside it) is not well-formed: wrong length, unknown version, a
 * must-be-zero field that is not zero, bad encoding. Nothing about its authenticity was decided.
 *
 * @since 0.1
 */
public class MalformedEvidenceException extends AttestationException {
    private static final long serialVersionUID = 1L;

    public MalformedEvidenceException(String message) {
        super(message);
    }

    public MalformedEvidenceException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.MALFORMED_EVIDENCE;
    }
}
