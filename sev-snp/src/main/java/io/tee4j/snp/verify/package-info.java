/**
 * Verification of SEV-SNP reports: {@link io.tee4j.snp.verify.SnpVerifier} runs a short pipeline
 * of named steps (report envelope, supplied collateral, signing-key resolution with the AMD chain,
 * signature, report bindings, ASK revocation, policy) against
 * {@link io.tee4j.snp.verify.SnpTrustAnchors}, and returns an
 * {@link io.tee4j.snp.verify.SnpAttestationResult}.
 *
 * @since 0.1
 */
package io.tee4j.snp.verify;
