package io.tee4j.tpm.verify;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.tpm.abi.TpmsAttest;
import io.tee4j.tpm.abi.TpmtSignature;
import java.util.Objects;

/**
 * Verifies a TPM2_Quote: (1) {@linkplain QuoteSignatureCheck the signature} over the TPMS_ATTEST
 * bytes with the given attestation key, before anything in them is believed; (2) the TPMS_ATTEST
 * structure (magic TPM_GENERATED_VALUE, type quote); (3) {@linkplain PcrDigestCheck the PCR
 * digest} recomputed from the supplied values with the signing hash. The result carries the quoted
 * PCR values and the extra data.
 *
 * <p>Not verified here: that the key belongs to a genuine TPM (the caller binds it: AK certificate,
 * hardware report), and the nonce ({@link QuoteNonce} compares it, as a policy check, so that a
 * stale quote is told apart from a forged one).
 *
 * @since 0.1
 */
public final class QuoteVerifier {
    private QuoteVerifier() {
    }

    /**
     * Verifies one quote.
     *
     * @throws VerificationFailedException the signature does not verify ({@code SIGNATURE}) or the
     *     PCR values are not the quoted ones ({@code BINDING})
     * @throws MalformedEvidenceException the signed bytes are not a quote TPMS_ATTEST
     */
    public static VerifiedQuote verify(byte[] message, TpmtSignature signature, AttestationKey key, PcrValues pcrs)
            throws VerificationFailedException, MalformedEvidenceException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pcrs, "pcrs");
        if (message.length > TpmsAttest.MAX_SIZE) {
            throw new MalformedEvidenceException("TPMS_ATTEST of " + message.length + " bytes");
        }
        QuoteSignatureCheck.check(message, signature, key);
        TpmsAttest attest = TpmsAttest.parse(message);
        PcrValues quoted = PcrDigestCheck.check(attest, signature.hash(), pcrs);
        return new VerifiedQuote(attest, signature, quoted);
    }
}
