package io.tee4j.core;

/**
 * The checked root of every tee4j failure. Each subclass belongs to exactly one
 * {@link FailureClass}; callers that only need the class can switch on {@link #failureClass()}.
 *
 * <p>Messages name what was checked and what was found, never secret material (keys, report
 * data, tokens).
 *
 * @since 0.1
 */
public abstract class AttestationException extends Exception {
    private static final long serialVersionUID = 1L;

    protected AttestationException(String message) {
        super(message);
    }

    protected AttestationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure class of this error. */
    public abstract FailureClass failureClass();
}
