package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.crypto.EcCurve;
import org.junit.jupiter.api.Test;

/**
 * The one-shot verify's warm-up thread ({@link ColdStartWarmUp}) must run the real ECDSA path: a
 * signature of its own that failed to verify would still "warm" something, but not what the
 * command uses, and nobody would notice. It covers the TEEs it was measured on, nothing else.
 */
class ColdStartWarmUpTest {

    @Test
    void itsOwnSignatureVerifiesOnEachCurveItWarms() throws Exception {
        for (EcCurve curve : new EcCurve[] {EcCurve.P256, EcCurve.P384}) {
            assertTrue(new ColdStartWarmUp(curve).warmUp().signatureVerified(), curve.name());
        }
    }

    /** SEV-SNP's chain is RSASSA-PSS: its warm-up must really run the JDK's PSS verification, TDX's need not. */
    @Test
    void theSevSnpWarmUpVerifiesTheBundledArksRsaPssSignature() throws Exception {
        assertFalse(new ColdStartWarmUp(EcCurve.P256).warmUp().rsaPssVerified(), "TDX warm-up");
        assertTrue(new ColdStartWarmUp(EcCurve.P384).warmUp().rsaPssVerified(), "SEV-SNP warm-up");
    }

    /** TDX parses two CRLs: its warm-up must really parse its bundled one (a hex typo would make it a no-op). */
    @Test
    void theTdxWarmUpParsesItsCrl() throws Exception {
        assertFalse(new ColdStartWarmUp(EcCurve.P384).warmUp().crlParsed(), "SEV-SNP warm-up");
        assertTrue(new ColdStartWarmUp(EcCurve.P256).warmUp().crlParsed(), "TDX warm-up");
    }

    @Test
    void itWarmsTheCurveOfTheTeesItCoversOnly() {
        assertEquals(EcCurve.P256, ColdStartWarmUp.curveOf("tdx"));
        assertEquals(EcCurve.P384, ColdStartWarmUp.curveOf("sev-snp"));
        for (String tee : new String[] {"auto", "cca", "nvidia-gpu", "azure-tdx-vtpm", "TDX", ""}) {
            assertNull(ColdStartWarmUp.curveOf(tee), tee);
        }
    }
}
