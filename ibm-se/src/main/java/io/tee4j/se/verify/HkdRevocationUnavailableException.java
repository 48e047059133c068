package io.tee4j.se.verify;

import io.tee4j.core.RevocationUnavailableException;

/**
 * No valid CRL could be found for a certificate that needs one: the HKD (no current, authentic
 * CRL of the IBM signing key) or a link of the signing key's chain. Exit class 4.
 *
 * @since 0.3
 */
public final class HkdRevocationUnavailableException extends RevocationUnavailableException {
    private static final long serialVersionUID = 1L;

    HkdRevocationUnavailableException(String message) {
        super(HkdProblem.NO_VALID_CRL + ": " + message);
    }

    HkdRevocationUnavailableException(String message, Throwable cause) {
        super(HkdProblem.NO_VALID_CRL + ": " + message, cause);
    }

    /** Always {@link HkdProblem#NO_VALID_CRL}. */
    public HkdProblem problem() {
        return HkdProblem.NO_VALID_CRL;
    }
}
