/**
 * Cloud vTPM attestation shared by the platforms: {@link io.tee4j.vtpm.VtpmPolicy} (nonce, PCR
 * values, Secure Boot, and the inner TEE's policy), {@link io.tee4j.vtpm.VtpmAttestationResult}
 * and {@link io.tee4j.vtpm.IncompleteEvidenceException}. The platforms are in
 * {@link io.tee4j.vtpm.azure} and {@link io.tee4j.vtpm.gcp}.
 */
package io.tee4j.vtpm;
