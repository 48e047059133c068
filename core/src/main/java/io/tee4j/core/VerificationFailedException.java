package io.tee4j.core;

import java.util.Objects;

/**
 * The evidence failed a cryptographic check: it is not what it claims to be. The
 * {@link #reason()} says which kind of check.
 *
 * @since 0.1
 */
public class VerificationFailedException extends AttestationException {
    private static final long serialVersionUID = 1L;

    /** Which kind of check failed. */
    public enum Reason {
        /** A signature over the evidence or over collateral does not verify. */
        SIGNATURE,
        /** A certificate chain does not lead to a trusted root, or a certificate is invalid at the verification time. */
        CERTIFICATE_CHAIN,
        /** Two pieces that must agree do not (nonce, key hash, TCB in report vs certificate, chip id vs HWID). */
        BINDING,
        /** A certificate in the chain is revoked. */
        REVOKED,
        /** Collateral (CRL, TCB info, RIM) is present but is not authentic or not valid for this evidence. */
        COLLATERAL
    }

    private final Reason reason;

    public VerificationFailedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public VerificationFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Which kind of check failed. */
    public Reason reason() {
        return reason;
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.VERIFICATION_FAILED;
    }
}
