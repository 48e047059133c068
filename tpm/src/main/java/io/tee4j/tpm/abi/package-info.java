/**
 * TPM 2.0 structures as a TPM marshals them (big-endian): {@link io.tee4j.tpm.abi.TpmsAttest} (a
 * quote), {@link io.tee4j.tpm.abi.PcrSelection}, {@link io.tee4j.tpm.abi.TpmtSignature} and
 * {@link io.tee4j.tpm.abi.TpmtPublic}. Parsers read through {@code io.tee4j.core.util.ByteReader}:
 * every length is bounded and bad input is {@link io.tee4j.core.MalformedEvidenceException}.
 * Nothing here verifies a signature or decides trust.
 */
package io.tee4j.tpm.abi;
