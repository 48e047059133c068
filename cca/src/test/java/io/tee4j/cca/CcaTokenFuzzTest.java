package io.tee4j.cca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.validate.CcaReferenceValues;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;

/**
 * Fuzz harnesses for every parser of untrusted input in the CCA backend: the token decoder, the
 * whole verifier, the trust-anchor reader and the reference-value reader. Each may only return or
 * throw its one typed exception. In {@code mvn verify} they run in regression mode over the seeds
 * in {@code src/test/resources/io/tee4j/cca/CcaTokenFuzzTestInputs/<method>/} (the shared vectors).
 */
class CcaTokenFuzzTest {
    private static final CcaVerifier VERIFIER = verifier();

    private static CcaVerifier verifier() {
        try {
            return CcaVerifier.builder(CcaTrustAnchors.builder()
                    .addFrom(Vectors.load("rust-ccatoken-ta-tfa.json"))
                    .addFrom(Vectors.load("rust-ccatoken-ta-02-ok.json")).build())
                    .referenceValues(CcaReferenceValues.parse(Vectors.load("rust-ccatoken-rv.json")))
                    .clock(CcaVerifierTest.CLOCK).build();
        } catch (CcaConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] data) {
        CcaToken t;
        try {
            t = CcaToken.decode(data);
        } catch (MalformedEvidenceException expected) {
            return;
        }
        // Whatever decodes keeps its bytes and renders as claims.
        assertArrayEquals(data, t.raw());
        assertEquals(4, t.realmClaims().extensibleMeasurements().size());
        t.toClaims();
    }

    @FuzzTest(maxDuration = "5m")
    void verify(byte[] data) {
        try {
            VERIFIER.verify(Evidence.of(TeeType.CCA, data), CcaPolicy.defaults());
        } catch (AttestationException expected) {
            // any typed failure
        }
    }

    @FuzzTest(maxDuration = "5m")
    void trustAnchors(byte[] data) {
        try {
            CcaTrustAnchors.parse(data);
        } catch (CcaConfigurationException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void referenceValues(byte[] data) {
        try {
            CcaReferenceValues.parse(data);
        } catch (CcaConfigurationException expected) {
            // typed
        }
    }
}
