package io.tee4j.core.spi;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend as the {@code tee4j} command and the sidecar see it, found through
 * {@link java.util.ServiceLoader}: it reads evidence files, describes evidence as claims, and
 * verifies evidence from backend-neutral inputs. Applications use the backend's typed API instead.
 *
 * @since 0.1
 */
public interface TeeBackend {

    /** The TEE this backend handles. */
    TeeType type();

    /**
     * Turns the bytes of an evidence file (already decoded from PEM, hex or base64 when it was
     * text) into evidence, unwrapping container formats the backend accepts (an Azure HCL blob
     * around an SNP report, say).
     */
    Evidence readEvidence(byte[] content) throws MalformedEvidenceException;

    /** Parses the evidence and returns every field, without verifying anything. */
    Claims describe(Evidence evidence) throws MalformedEvidenceException;

    /**
     * Which policy key holds a caller's nonce and what shapes it may take, so that tools add a
     * nonce without naming the key; empty when the backend's evidence binds no caller nonce.
     *
     * @since 0.2
     */
    default Optional<NonceBinding> nonceBinding() {
        return Optional.empty();
    }

    /**
     * Turns a configuration into a long-lived, thread-safe verifier that keeps its warm state
     * (parsed roots and collateral files, decoded keys, validated chains, checked CRLs, cached
     * verdicts) across calls; see {@link PreparedVerifier} for what is and is not kept. Callers
     * that verify more than once with the same configuration (the sidecar, a service) should
     * prepare once and reuse the result.
     *
     * @throws AttestationException a trust root does not parse, or a collateral file cannot be read
     * @throws PolicyFormatException a configuration input is in a form this backend refuses
     */
    PreparedVerifier prepare(VerifierConfiguration configuration) throws AttestationException, PolicyFormatException;

    /**
     * One-shot verification: prepares a verifier for the request's configuration, verifies with it
     * once and drops it, so nothing is kept warm between calls. Verifies the evidence with the
     * given inputs and appraises it against the request's policy document, or the backend's
     * default policy when there is none.
     *
     * @throws PolicyFormatException the policy document has an unknown key or a bad value
     */
    default AttestationResult verify(Evidence evidence, VerificationRequest request)
            throws AttestationException, PolicyFormatException {
        Objects.requireNonNull(evidence, "evidence");
        return prepare(request.configuration()).verify(evidence, request.perCallInputs());
    }
}
