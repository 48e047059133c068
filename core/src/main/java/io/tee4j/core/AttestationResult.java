package io.tee4j.core;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of a successful verification: the evidence was authentic, its collateral valid and
 * the policy satisfied. (Failures are exceptions, never results with a "false" flag.)
 *
 * <p>{@link #warnings()} lists what was accepted but deserves attention, always including every
 * check that was switched off by name (for example revocation with
 * {@link RevocationMode#SKIP_INSECURE}). {@link #claims()} has every field of the evidence as a
 * JSON-shaped tree; backends also return their own typed subtype.
 *
 * @since 0.1
 */
public interface AttestationResult {

    /** The TEE of the verified evidence. */
    TeeType tee();

    /** The claims every TEE shares. */
    CommonClaims commonClaims();

    /** Every claim of the evidence and of the verification, as an ordered tree. */
    Claims claims();

    /**
     * How the verification was performed: time, trust-anchor origin, whether revocation was
     * checked, TCB status and warnings, the same value for every TEE.
     *
     * @since 0.2
     */
    VerificationInfo verification();

    /** Warnings, one line each; empty when nothing deserved attention ({@link #verification()}). */
    default List<String> warnings() {
        return verification().warnings();
    }

    /** The instant the verification was performed at ({@link #verification()}). */
    default Instant verifiedAt() {
        return verification().verifiedAt();
    }

    /** Whether the trust anchors were supplied by the caller rather than the bundled vendor roots. */
    default boolean explicitTrustAnchors() {
        return verification().explicitTrustAnchors();
    }
}
