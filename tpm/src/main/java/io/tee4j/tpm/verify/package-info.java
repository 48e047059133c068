/**
 * TPM quote verification: {@link io.tee4j.tpm.verify.QuoteVerifier} (signature with a given
 * {@link io.tee4j.tpm.verify.AttestationKey}, TPMS_ATTEST structure, PCR digest from supplied
 * {@link io.tee4j.tpm.verify.PcrValues}), {@link io.tee4j.tpm.verify.QuoteNonce} (the freshness
 * check, a policy rule) and {@link io.tee4j.tpm.verify.AkCertificateVerifier} (an AK certificate
 * chained to caller-chosen anchors). Whether an AK belongs to a genuine TPM is decided by the
 * platform composition (tee4j-vtpm), not here.
 */
package io.tee4j.tpm.verify;
