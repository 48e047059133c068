package io.tee4j.atls;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import java.util.Objects;

/**
 * Why an attested TLS peer was refused. The trust manager throws it as the cause of the
 * {@link java.security.cert.CertificateException} that makes JSSE abort the handshake with an
 * alert; the application finds it again with {@link AttestedTls#failureOf(Throwable)} in the
 * {@code SSLHandshakeException} (or the {@code IOException} an HTTP client wraps it in).
 *
 * <p>{@link #failureClass()} follows the project's exit classes: a refused binding or an
 * unverifiable certificate is a verification failure (2), a TEE or freshness mode the policy does
 * not allow is a policy violation (5), an undecodable extension is malformed evidence (6), and a
 * verifier failure keeps its own class (its exception is the cause).
 */
public final class AttestedTlsException extends AttestationException {
    private static final long serialVersionUID = 1L;

    /** The check that refused the peer. */
    public enum Reason {
        /** The certificate carries no evidence extension (or only one of a format the policy did not enable). */
        NO_EVIDENCE(FailureClass.VERIFICATION_FAILED),
        /** The evidence extension does not decode. */
        MALFORMED_EVIDENCE(FailureClass.MALFORMED_EVIDENCE),
        /** The evidence is of a kind no tee4j verifier reads (an SGX quote, an unknown media type). */
        UNSUPPORTED_EVIDENCE(FailureClass.VERIFICATION_FAILED),
        /** The evidence comes from another TEE than the policy names. */
        WRONG_TEE(FailureClass.POLICY_VIOLATION),
        /** No per-handshake nonce binds the evidence, and the policy requires one. */
        NO_NONCE(FailureClass.POLICY_VIOLATION),
        /** The evidence is bound to this key but to another nonce: replayed from another handshake. */
        STALE_NONCE(FailureClass.VERIFICATION_FAILED),
        /** The evidence is not bound to the certificate's key (and this handshake's nonce). */
        KEY_BINDING_MISMATCH(FailureClass.VERIFICATION_FAILED),
        /** The time window the evidence is bound to is too long, or the clock is outside it. */
        WINDOW_REFUSED(FailureClass.VERIFICATION_FAILED),
        /** The TEE's verifier refused the evidence (signature, chain, collateral, TCB, policy): see the cause. */
        EVIDENCE_REJECTED(FailureClass.VERIFICATION_FAILED),
        /**
         * The backend policy has an unknown key or a bad value for this TEE (a configuration error, found
         * at the first verification; the command line reports it as a usage error).
         */
        POLICY_INVALID(FailureClass.POLICY_VIOLATION),
        /** Hostname verification was asked for and the certificate does not name the host. */
        HOSTNAME_MISMATCH(FailureClass.VERIFICATION_FAILED);

        private final FailureClass failureClass;

        Reason(FailureClass failureClass) {
            this.failureClass = failureClass;
        }
    }

    private final Reason reason;

    public AttestedTlsException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AttestedTlsException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public FailureClass failureClass() {
        if (reason == Reason.EVIDENCE_REJECTED && getCause() instanceof AttestationException) {
            return ((AttestationException) getCause()).failureClass();
        }
        return reason.failureClass;
    }
}
