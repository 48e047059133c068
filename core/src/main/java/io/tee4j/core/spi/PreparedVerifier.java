package io.tee4j.core.spi;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;

/**
 * A backend's verifier made once from a {@link VerifierConfiguration} and used for many
 * verifications ({@link TeeBackend#prepare}). Thread-safe: one instance serves concurrent calls.
 *
 * <p><b>Kept warm</b> between calls, for the life of the instance: the trust anchors and the
 * static collateral files as read and parsed at preparation, the collateral source with its HTTP
 * client and cache, and the backend's typed verifier with its bounded caches (decoded ECDSA
 * signing keys, validated certificate chains, checked CRLs, TDX platform verdicts, verified RIMs,
 * CCA RAK verifiers). Every cached result is keyed by the exact bytes it was computed from and is
 * used only inside the validity window it was checked for, so a warm verdict equals a cold one.
 *
 * <p><b>Not kept</b>: anything of one call ({@link PerCallInputs}): the evidence, the certificates
 * given beside it, the verification time and the policy. A file named in the configuration is read
 * once, at preparation: a change to it afterwards is seen only by a newly prepared verifier.
 *
 * @since 0.2
 */
public interface PreparedVerifier {

    /** The TEE this verifier handles. */
    TeeType type();

    /**
     * Verifies the evidence with this verifier's configuration and the call's inputs, and appraises
     * it against the call's policy document, or the backend's default policy when there is none.
     *
     * @throws PolicyFormatException the policy document has an unknown key or a bad value, or an
     *     input this backend does not take was given (CCA: certificates)
     */
    AttestationResult verify(Evidence evidence, PerCallInputs inputs)
            throws AttestationException, PolicyFormatException;
}
