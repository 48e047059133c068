package io.tee4j.vtpm.gcp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.FailureClass;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.verify.PcrValues;
import io.tee4j.tpm.verify.VerifiedQuote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A second quote of the same bank cannot carry other PCR values past the policy (the last copy used to win). */
class GcpQuoteAgreementTest {
    private static VerifiedQuote quote(byte pcr0) throws Exception {
        byte[] v = new byte[32];
        v[0] = pcr0;
        // Only the PCR values matter to this step; signature and attest were checked before it.
        return new VerifiedQuote(null, null, PcrValues.builder().put(TpmHash.SHA256, 0, v).build());
    }

    @Test
    void twoQuotesOfOneBankThatDisagreeAreABindingFailure() throws Exception {
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> GcpVtpmVerifier.requireAgreeingBanks(List.of(quote((byte) 1), quote((byte) 2))));
        assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
        assertDoesNotThrow(() -> GcpVtpmVerifier.requireAgreeingBanks(List.of(quote((byte) 1), quote((byte) 1))));
    }
}
