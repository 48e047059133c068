package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void itsOwnSignatureVerifiesOnEachCurveItWarms() {
        for (EcCurve curve : new EcCurve[] {EcCurve.P256, EcCurve.P384}) {
            ColdStartWarmUp.verified = false;
            new ColdStartWarmUp(curve).run();
            assertTrue(ColdStartWarmUp.verified, curve.name());
        }
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
