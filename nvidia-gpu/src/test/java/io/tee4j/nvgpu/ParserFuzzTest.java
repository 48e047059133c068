package io.tee4j.nvgpu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuClaims;
import io.tee4j.nvgpu.verify.NvGpuTrustAnchors;
import io.tee4j.nvgpu.verify.NvGpuVerifier;

/**
 * Jazzer harnesses for the parsers that take untrusted bytes: the SPDM report parser, the RIM
 * reader (secure XML and XML-DSig), the RIM service's JSON answer and OCSP answers. Any exception other than the documented checked ones is a
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

    @FuzzTest(maxDuration = "30s")
    void rimServiceJson(byte[] data) {
        try {
            io.tee4j.nvgpu.collateral.RimServiceJson.extractRim(data);
        } catch (IllegalArgumentException expected) {
            // the documented refusal of this internal reader, which the verifier maps to a typed error
        }
    }

    @FuzzTest(maxDuration = "30s")
    void ocspResponse(byte[] data) {
        try {
            io.tee4j.nvgpu.collateral.OcspChecker.FRESHNESS.nextUpdate(data, java.util.Map.of());
        } catch (io.tee4j.core.CollateralUnavailableException expected) {
            // refused with a typed error: fine
        }
    }

    private static final java.util.List<java.security.cert.X509Certificate> CHAIN = Vectors.chain();
    private static final NvGpuVerifier VERIFIER = NvGpuVerifier.builder().clock(Vectors.CLOCK)
            .revocationMode(io.tee4j.core.RevocationMode.SKIP_INSECURE).build();
    private static final NvGpuPolicy LAX = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build();

    @FuzzTest(maxDuration = "30s")
    void verifyReport(byte[] data) {
        try {
            VERIFIER.verify(NvGpuVerifierTest.evidence(data, CHAIN), LAX);
        } catch (io.tee4j.core.AttestationException expected) {
            // refused with a typed error: fine
        }
    }
}
