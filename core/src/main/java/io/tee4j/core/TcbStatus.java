package io.tee4j.core;

/**
 * The status of the platform's trusted computing base as far as the verifier could establish it.
 * Intel's TCB levels map one to one; other TEEs report {@link #UP_TO_DATE} when the evidence met
 * the policy's minimum versions and {@link #NOT_EVALUATED} when no TCB reference exists.
 *
 * @since 0.1
 */
public enum TcbStatus {
    UP_TO_DATE,
    SW_HARDENING_NEEDED,
    CONFIGURATION_NEEDED,
    CONFIGURATION_AND_SW_HARDENING_NEEDED,
    OUT_OF_DATE,
    OUT_OF_DATE_CONFIGURATION_NEEDED,
    REVOKED,
    /** No TCB level of the collateral matches the platform (Intel "TCB not supported"). */
    NOT_SUPPORTED,
    /** The backend has no TCB reference to evaluate against (e.g. CCA without a platform TCB service). */
    NOT_EVALUATED
}
