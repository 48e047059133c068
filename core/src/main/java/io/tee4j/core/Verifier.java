package io.tee4j.core;

import java.time.Instant;

/**
 * Verifies evidence of one TEE and appraises it against a policy, in this order: parse, evidence
 * signature, certificate chain and collateral, revocation, TCB status, policy. Each backend
 * documents exactly which checks it performs and which it cannot.
 *
 * <p>Verifiers are immutable and thread-safe; they may keep per-key and per-platform state
 * (verified chains, public-key objects, checked collateral) so later evidence from the same
 * platform verifies faster. That state is keyed by the exact bytes it was computed from.
 *
 * @param <P> the backend's policy type
 * @param <R> the backend's result type
 * @since 0.1
 */
public interface Verifier<P extends Policy, R extends AttestationResult> {

    /** The TEE this verifier handles. */
    TeeType type();

    /**
     * Verifies {@code evidence} and appraises it against {@code policy}.
     *
     * @throws MalformedEvidenceException the evidence does not parse
     * @throws VerificationFailedException a signature, chain, binding or revocation check failed
     * @throws CollateralUnavailableException collateral could not be obtained or is out of date
     * @throws RevocationUnavailableException revocation status could not be established
     * @throws PolicyViolationException the evidence is authentic but fails the policy
     */
    R verify(Evidence evidence, P policy) throws AttestationException;

    /**
     * {@link #verify(Evidence, Policy)} as of {@code at} instead of the verifier's own clock, so that
     * one verifier (and its caches) serves calls that each bring their own time, as a
     * prepared verifier of the SPI does.
     *
     * @throws MalformedEvidenceException the evidence is for another TEE, or does not parse
     * @since 0.2
     */
    R verify(Evidence evidence, P policy, Instant at) throws AttestationException;
}
