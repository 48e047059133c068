package io.tee4j.nvgpu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Evidence;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.client.NvmlAttester;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import io.tee4j.nvgpu.validate.MeasurementResult;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NvGpuSimulatorTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
    static final NvGpuSimulator SIM = NvGpuSimulator.builder().clock(CLOCK).seed(42).build();

    static byte[] nonce() {
        byte[] n = new byte[32];
        new SecureRandom().nextBytes(n);
        return n;
    }

    @Test
    void fullVerificationWithRimsAndOcsp() throws Exception {
        byte[] nonce = nonce();
        NvGpuAttestationResult r = SIM.verifier().build().verify(SIM.evidence(nonce),
                NvGpuPolicy.builder().expectedNonce(nonce).build());
        assertEquals(MeasurementResult.SUCCESS, r.measurementResult());
        assertEquals("disabled", r.debugStatus());
        assertTrue(r.verification().revocationChecked());
        assertTrue(r.explicitTrustAnchors());
        assertEquals(TcbStatus.UP_TO_DATE, r.commonClaims().tcbStatus());
        assertFalse(r.commonClaims().debug());
        assertEquals("success", r.claims().get("measres"));
        assertEquals(Boolean.TRUE, r.claims().get("secboot"));
        assertEquals(Boolean.TRUE, r.claims().get("x-nvidia-gpu-vbios-rim-signature-verified"));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertEquals("GH100 A01 GSP BROM", r.hardwareModel());
        // driver RIM: 7, 21-40; VBIOS RIM: 0-6, 8-12 (0-based) -> 33 blocks compared
        assertEquals(33, r.appraisedBlocks().size());
        assertEquals(1, r.appraisedBlocks().get(0));
    }

    @Test
    void simulatedRootsAreNotTrustedByDefault() {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> NvGpuVerifier.builder()
                .clock(CLOCK).collateralSource(SIM.collateralSource()).build()
                .verify(SIM.evidence(nonce()), NvGpuPolicy.defaults()));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        assertThrows(VerificationFailedException.class, () -> ReferenceManifest.verify(SIM.driverRim(),
                io.tee4j.nvgpu.verify.NvGpuTrustAnchors.corimSigning(), CLOCK.instant()));
    }

    @Test
    void simulatedRimsVerify() throws Exception {
        ReferenceManifest d = ReferenceManifest.verify(SIM.driverRim(), SIM.rimTrustAnchors(), CLOCK.instant());
        assertEquals(ReferenceManifest.Kind.DRIVER, d.kind());
        ReferenceManifest v = ReferenceManifest.verify(SIM.vbiosRim(), SIM.rimTrustAnchors(), CLOCK.instant());
        // the RIMs chain to the RIM root only, never to the device root
        assertThrows(VerificationFailedException.class,
                () -> ReferenceManifest.verify(SIM.driverRim(), SIM.deviceTrustAnchors(), CLOCK.instant()));
        assertEquals("96.00.9F.00.01", v.colloquialVersion());
    }

    @Test
    void revokedBromAndRevokedRimSigner() {
        NvGpuSimulator sim = NvGpuSimulator.builder().clock(CLOCK).build();
        sim.revoke(sim.deviceChain().get(1));
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> sim.verifier().build().verify(sim.evidence(nonce()), NvGpuPolicy.defaults()));
        assertEquals(Reason.REVOKED, e.reason());
        NvGpuSimulator rims = NvGpuSimulator.builder().clock(CLOCK).build();
        rims.revoke(rims.rimSigningChain().get(0));
        e = assertThrows(VerificationFailedException.class,
                () -> rims.verifier().build().verify(rims.evidence(nonce()), NvGpuPolicy.defaults()));
        assertEquals(Reason.REVOKED, e.reason());
        assertTrue(e.getMessage().contains("RIM signing chain"), e.getMessage());
    }

    @Test
    void unknownRimIsNotFound() {
        NvGpuSimulator other = NvGpuSimulator.builder().clock(CLOCK).driverVersion("999.1").build();
        // Trust 'other', but fetch RIMs from SIM's service, which does not know driver 999.1.
        NvGpuVerifier v = other.verifier().collateralSource(request -> request.kind()
                == io.tee4j.core.collateral.CollateralKind.OCSP_RESPONSE ? other.collateralSource().fetch(request)
                        : SIM.collateralSource().fetch(request)).build();
        RimNotFoundException e = assertThrows(RimNotFoundException.class,
                () -> v.verify(other.evidence(nonce()), NvGpuPolicy.defaults()));
        assertEquals("NV_GPU_DRIVER_GH100_999.1", e.rimId());
    }

    @Test
    void attesterOnTheFakeNvml() throws Exception {
        FakeNvml nvml = SIM.nvml();
        try (NvmlAttester a = NvmlAttester.with(nvml, 0)) {
            byte[] nonce = nonce();
            Evidence ev = a.attest(nonce);
            NvGpuAttestationResult r = SIM.verifier().build().verify(ev, NvGpuPolicy.defaults());
            assertTrue(r.nonceChecked());
            a.setGpusReady(true);
            assertTrue(nvml.ready());
            assertTrue(a.gpusReady());
        }
        nvml.ccEnabled(false);
        try (NvmlAttester a = NvmlAttester.with(nvml, 0)) {
            TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> a.attest(nonce()));
            assertTrue(e.getMessage().contains("confidential computing is off"));
        }
        try (NvmlAttester a = NvmlAttester.with(SIM.nvml().failInit(9), 0)) {
            TeeUnavailableException e = assertThrows(TeeUnavailableException.class, () -> a.attest(nonce()));
            assertTrue(e.getMessage().contains("not loaded"), e.getMessage());
        }
    }

    @Test
    void shortReportDataIsZeroPadded() throws Exception {
        try (NvmlAttester a = NvmlAttester.with(SIM.nvml(), 0)) {
            Evidence ev = a.attest(new byte[] {1, 2, 3});
            byte[] n = ev.nonce().orElseThrow();
            assertEquals(32, n.length);
            assertEquals(3, n[2]);
            assertEquals(0, n[31]);
            assertThrows(IllegalArgumentException.class, () -> a.attest(new byte[33]));
        }
    }
}
