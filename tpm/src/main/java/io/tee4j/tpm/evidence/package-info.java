/**
 * TPM evidence envelopes that carry nothing but a TPM quote:
 * {@link io.tee4j.tpm.evidence.TrusteeTpmEvidence} (trustee's {@code tpm} verifier input). Readers
 * check structure and bounds only; the AK such envelopes carry is not vouched for by anything.
 */
package io.tee4j.tpm.evidence;
