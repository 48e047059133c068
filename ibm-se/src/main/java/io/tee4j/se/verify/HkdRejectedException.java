package io.tee4j.se.verify;

import io.tee4j.core.CollateralUnavailableException;

/**
 * A host-key document cannot be used to build a request: it, or the signing key that must vouch
 * for it, failed a check ({@link #problem()}). Exit class 3: no usable HKD is collateral the
 * verifier does not have. CRL unavailability is {@link HkdRevocationUnavailableException} (4).
 *
 * @since 0.3
 */
public final class HkdRejectedException extends CollateralUnavailableException {
    private static final long serialVersionUID = 1L;
    private final HkdProblem problem;

    HkdRejectedException(HkdProblem problem, String message) {
        this(problem, message, null);
    }

    HkdRejectedException(HkdProblem problem, String message, Throwable cause) {
        super(problem + ": " + message, null, false, cause);
        this.problem = problem;
    }

    /** What failed. */
    public HkdProblem problem() {
        return problem;
    }
}
