package io.tee4j.tpm.verify;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.tpm.abi.PcrSelection;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmsAttest;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Step 2 of {@link QuoteVerifier}: the supplied PCR values, concatenated in selection order,
 * hashed with the <em>signing</em> hash (not the bank's: a SHA-1 or SHA-384 bank quoted by a
 * SHA-256 AK has a SHA-256 digest), must equal the signed pcrDigest. A selected PCR without a
 * value, or a different digest, means the values are not the quoted ones: a binding failure.
 */
final class PcrDigestCheck {
    private PcrDigestCheck() {
    }

    static PcrValues check(TpmsAttest attest, TpmHash signingHash, PcrValues supplied)
            throws VerificationFailedException {
        MessageDigest md = signingHash.newDigest();
        PcrValues.Builder quoted = PcrValues.builder();
        for (PcrSelection.Bank bank : attest.pcrSelection().banks()) {
            for (int index : bank.pcrs()) {
                Optional<byte[]> value = supplied.get(bank.hash(), index);
                if (value.isEmpty()) {
                    throw new VerificationFailedException(Reason.BINDING, "the quote covers " + bank.hash().label()
                            + " PCR " + index + " but no value for it was supplied");
                }
                md.update(value.get());
                try {
                    quoted.put(bank.hash(), index, value.get());
                } catch (io.tee4j.core.MalformedEvidenceException e) {
                    throw new VerificationFailedException(Reason.BINDING, e.getMessage());
                }
            }
        }
        if (!MessageDigest.isEqual(md.digest(), attest.pcrDigest())) {
            throw new VerificationFailedException(Reason.BINDING, "the supplied PCR values do not hash to the quote's "
                    + "pcrDigest: they are not the values the TPM quoted");
        }
        return quoted.build();
    }
}
