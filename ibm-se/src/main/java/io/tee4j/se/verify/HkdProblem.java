package io.tee4j.se.verify;

/**
 * Why a host-key document, or the IBM signing key that must vouch for it, was refused.
 *
 * @since 0.3
 */
public enum HkdProblem {
    /** None, or more than one, of the given certificates is an IBM Z host-key signing key. */
    NO_SIGNING_KEY,
    /** The signing key does not chain to a trust anchor (no issuer, bad signature, expired link). */
    SIGNING_KEY_CHAIN,
    /** The signing key or a CA above it is revoked. */
    SIGNING_KEY_REVOKED,
    /** The HKD's authority key identifier is not the signing key's subject key identifier. */
    AKID_MISMATCH,
    /** The HKD's signature does not verify with the signing key. */
    SIGNATURE,
    /** The HKD is outside its validity period. */
    EXPIRED_OR_NOT_YET_VALID,
    /** The HKD's serial is listed by a valid CRL of the signing key. */
    REVOKED,
    /** The HKD does not carry an EC P-521 public key. */
    NOT_A_HOST_KEY,
    /** No CRL of the signing key is valid now (needed for every HKD). */
    NO_VALID_CRL
}
