package io.tee4j.core;

/**
 * The status of the platform's trusted computing base as far as the verifier could establish it.
 * Intel's TCB levels map one to one. {@link #UP_TO_DATE} is a vendor's verdict (Intel's TCB info,
 * a matched reference value); a backend whose vendor publishes no such verdict reports
 * {@link #MEETS_POLICY_MINIMUM} when the evidence met the relying party's own minimum versions and
 * {@link #NOT_EVALUATED} when nothing was compared.
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
    NOT_EVALUATED,
    /**
     * The TCB is at or above the minimum the relying party's policy set, and nothing more is known:
     * no vendor said it is current (AMD SEV-SNP, whose vendor publishes no TCB-status service).
     */
    MEETS_POLICY_MINIMUM
}
