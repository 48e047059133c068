package io.tee4j.measure;

/**
 * The inputs of a measurement do not fit together, or are out of range: a kernel was given for a
 * firmware that has no kernel-hashes page, more than one vCPU for a firmware without an AP reset
 * address, an unknown vCPU model, a key on the wrong curve. The inputs are well-formed (malformed
 * firmware is a {@link io.tee4j.core.MalformedEvidenceException}); they cannot produce the
 * measurement asked for. The {@code tee4j} command reports it as a usage error.
 *
 * @since 0.1
 */
public class MeasurementInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public MeasurementInputException(String message) {
        super(message);
    }

    public MeasurementInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
