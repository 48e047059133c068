package io.tee4j.se.verify;

import io.tee4j.core.VerificationFailedException;

/**
 * The recomputed HMAC-SHA512 measurement differs from the Ultravisor's: another image, another
 * CUID, user data, nonce or additional data, or a changed measurement. Exit class 2.
 *
 * @since 0.3
 */
public final class MeasurementMismatchException extends VerificationFailedException {
    private static final long serialVersionUID = 1L;

    MeasurementMismatchException(String message) {
        super(Reason.SIGNATURE, message);
    }
}
