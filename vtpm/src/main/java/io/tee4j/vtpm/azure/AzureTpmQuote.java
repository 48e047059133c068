package io.tee4j.vtpm.azure;

import io.tee4j.tpm.verify.PcrValues;
import java.util.Objects;

/**
 * The TPM quote of Azure evidence as trustee's attester ships it: the TPMS_ATTEST bytes, the bare
 * RSASSA-SHA256 signature (not a TPMT_SIGNATURE) and the 24 SHA-256 PCR values read after the
 * quote. Unverified.
 *
 * @param message the TPMS_ATTEST
 * @param signature the raw RSA signature
 * @param pcrs the SHA-256 PCR values
 * @since 0.1
 */
public record AzureTpmQuote(byte[] message, byte[] signature, PcrValues pcrs) {
    /** Copies the arrays. */
    public AzureTpmQuote {
        message = message.clone();
        signature = signature.clone();
        Objects.requireNonNull(pcrs, "pcrs");
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
