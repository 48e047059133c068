package io.tee4j.nvgpu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;

/**
 * Jazzer harnesses for the two parsers that take untrusted bytes: the SPDM report parser and the
 * RIM reader (secure XML and XML-DSig). Any exception other than the documented checked ones is a
 * finding. In the normal test run they replay the seed corpus under
 * {@code ParserFuzzTestInputs/<method>/} (real vectors); with {@code JAZZER_FUZZ=1} they fuzz.
 */
class ParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void spdmReport(byte[] data) {
        try {
            SpdmMeasurementReport r = SpdmMeasurementReport.parse(data);
            r.opaqueData().driverVersion();
            r.opaqueData().vbiosVersion();
            r.opaqueData().opaqueDataVersion();
            RimIds.vbios(r);
            NvGpuClaims.describe(r);
        } catch (MalformedEvidenceException expected) {
            // refused with a typed error: fine
        }
    }

    @FuzzTest(maxDuration = "30s")
    void rimReader(byte[] data) {
        try {
            ReferenceManifest.verify(data, NvGpuTrustAnchors.corimSigning(), Vectors.PINNED);
        } catch (VerificationFailedException expected) {
            // refused with a typed error: fine
        }
        try {
            ReferenceManifest.parseUnverified(data);
        } catch (VerificationFailedException expected) {
            // refused with a typed error: fine
        }
    }
}
