package io.tee4j.core;

/**
 * The failure classes every tee4j error falls into. They are the same for every TEE, so a caller
 * (or the {@code tee4j} command, which maps them to exit codes) can react without knowing the
 * backend: retry on {@link #COLLATERAL_UNAVAILABLE}, alert on {@link #VERIFICATION_FAILED}, and
 * so on.
 *
 * @since 0.1
 */
public enum FailureClass {
    /** A signature, certificate chain, binding or revocation check failed: the evidence is not genuine. */
    VERIFICATION_FAILED(2),
    /** Certificates, CRLs, TCB info or reference values needed for verification could not be had. */
    COLLATERAL_UNAVAILABLE(3),
    /** Revocation status could not be established, and revocation checking was not switched off. */
    REVOCATION_UNAVAILABLE(4),
    /** The evidence is genuine but does not satisfy the policy. */
    POLICY_VIOLATION(5),
    /** The evidence bytes could not be parsed. */
    MALFORMED_EVIDENCE(6),
    /** No usable TEE on this machine, or the TEE device refused the request. */
    TEE_UNAVAILABLE(7);

    private final int exitCode;

    FailureClass(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The {@code tee4j} command's exit code for this class (0 is success, 1 a usage error). */
    public int exitCode() {
        return exitCode;
    }
}
