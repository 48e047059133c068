package io.tee4j.tpm.verify;

import io.tee4j.tpm.abi.TpmsAttest;
import io.tee4j.tpm.abi.TpmtSignature;

/**
 * A quote whose signature and PCR digest {@link QuoteVerifier} checked: the parsed TPMS_ATTEST and
 * the PCR values it covers (now authenticated by the key). The nonce is not yet compared.
 *
 * @param attest the signed structure
 * @param signature its signature
 * @param pcrs the quoted PCR values, exactly the selection
 * @since 0.1
 */
public record VerifiedQuote(TpmsAttest attest, TpmtSignature signature, PcrValues pcrs) {
}
