package io.tee4j.core;

/**
 * Whether a verifier checks revocation (CRLs, OCSP). The default everywhere is
 * {@link #REQUIRE}. {@link #SKIP_INSECURE} exists for air-gapped tests and is loud: a result
 * verified without revocation carries a warning saying so.
 *
 * @since 0.1
 */
public enum RevocationMode {
    /** Revocation status must be established; failing that, verification fails with {@link RevocationUnavailableException}. */
    REQUIRE,
    /** Revocation is not checked. Insecure: a revoked key would be accepted. The result is marked. */
    SKIP_INSECURE
}
