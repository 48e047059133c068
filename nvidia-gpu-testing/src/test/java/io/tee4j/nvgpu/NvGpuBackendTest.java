package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import io.tee4j.nvgpu.internal.NvGpuBackend;
import io.tee4j.nvgpu.validate.MeasurementMismatchException;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvGpuBackendTest {
    private final NvGpuBackend backend = new NvGpuBackend();

    @Test
    void registeredThroughServiceLoader() {
        boolean found = false;
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class)) {
            found |= b instanceof NvGpuBackend;
        }
        assertTrue(found);
    }

    @Test
    void readsBinaryHexAndTrailingZero() throws Exception {
        Evidence bin = backend.readEvidence(Vectors.report());
        Evidence hex = backend.readEvidence(Vectors.bytes("nvtrust-hopperAttestationReport.hex"));
        assertArrayEquals(bin.raw(), hex.raw());
        Evidence zero = backend.readEvidence(Arrays.copyOf(Vectors.report(), 4118));
        assertEquals(4118, zero.rawLength());
        assertThrows(MalformedEvidenceException.class, () -> backend.readEvidence(new byte[] {1, 2, 3}));
    }

    @Test
    void describeListsFields() throws Exception {
        Claims c = backend.describe(backend.readEvidence(Vectors.report()));
        assertEquals("550.90.07", c.get("driverVersion"));
        assertEquals("NV_GPU_VBIOS_1010_0200_882_96009F0001", c.get("vbiosRimId"));
        assertEquals(64, ((Claims) c.get("measurements")).asMap().size());
    }

    private VerificationRequest.Builder request() {
        VerificationRequest.Builder b = VerificationRequest.builder()
                .clock(Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC))
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true);
        Vectors.chain().forEach(c -> b.addCertificate(Vectors.der(c)));
        return b;
    }

    @Test
    void verifiesWithAPolicyDocument() throws Exception {
        PolicyDocument doc = PolicyDocument.of(Map.of("allowUnappraisedMeasurements", true,
                "expectedNonce", "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb",
                "allowedDriverVersions", List.of("550.90.07")));
        AttestationResult r = backend.verify(backend.readEvidence(Vectors.report()), request().policy(doc).build());
        assertEquals("not-appraised", r.claims().get("measres"));
        assertEquals(Boolean.TRUE, r.claims().get("x-nvidia-gpu-attestation-report-nonce-match"));
    }

    @Test
    void unknownPolicyKeyIsRefused() {
        PolicyDocument doc = PolicyDocument.of(Map.of("allowUnapraisedMeasurements", true));
        PolicyFormatException e = assertThrows(PolicyFormatException.class,
                () -> backend.verify(backend.readEvidence(Vectors.report()), request().policy(doc).build()));
        assertEquals("$.allowUnapraisedMeasurements", e.path());
    }

    @Test
    void collateralDirectoryOfRims(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("driver.swidtag"), Vectors.bytes(ReferenceManifestTest.DRIVER_TEST));
        Files.write(dir.resolve("vbios.swidtag"), Vectors.bytes(ReferenceManifestTest.VBIOS_TEST));
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        VerificationRequest req = request().addCollateral(dir)
                .clock(Clock.fixed(Vectors.PINNED, ZoneOffset.UTC)).build();
        MeasurementMismatchException e = assertThrows(MeasurementMismatchException.class,
                () -> backend.verify(backend.readEvidence(Vectors.report()), req));
        assertEquals(20, e.mismatchedIndices().size());
    }

    @Test
    void defaultPolicyNeedsRims() {
        RimNotFoundException e = assertThrows(RimNotFoundException.class,
                () -> backend.verify(backend.readEvidence(Vectors.report()), request().build()));
        assertEquals(io.tee4j.core.FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
    }

    @Test
    void explicitTrustRootsForTheSimulator(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
        io.tee4j.nvgpu.simulator.NvGpuSimulator sim = io.tee4j.nvgpu.simulator.NvGpuSimulator.builder().clock(clock)
                .build();
        byte[] nonce = new byte[32];
        Evidence ev = backend.readEvidence(sim.report(nonce));
        VerificationRequest.Builder b = simulatedRequest(sim, clock, dir, sim.driverRim(), sim.vbiosRim());
        // bundled roots: the simulated chain is refused
        assertThrows(io.tee4j.core.VerificationFailedException.class, () -> backend.verify(ev, b.build()));
        addRoots(b, sim.deviceTrustAnchors());
        TeeBackend withRimRoots = NvGpuBackend.withRimTrustRoots(sim.rimTrustAnchors().roots());
        AttestationResult r = withRimRoots.verify(ev, b.build());
        assertTrue(r.explicitTrustAnchors());
        assertEquals("success", r.claims().get("measres"));
        assertEquals("explicit", ((Claims) r.claims().get("deviceTrustAnchors")).get("origin"));
        assertEquals("explicit", ((Claims) r.claims().get("rimTrustAnchors")).get("origin"));
    }

    @Test
    void trustRootsAreDeviceRootsOnly(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
        io.tee4j.nvgpu.simulator.NvGpuSimulator sim = io.tee4j.nvgpu.simulator.NvGpuSimulator.builder().clock(clock)
                .build();
        Evidence ev = backend.readEvidence(sim.report(new byte[32]));
        // both simulated roots as --trust-root: the RIM root is no RIM root there (the bundled CoRIM
        // root still is), so the simulated RIMs are refused
        VerificationRequest.Builder b = simulatedRequest(sim, clock, dir, sim.driverRim(), sim.vbiosRim());
        addRoots(b, sim.deviceTrustAnchors());
        addRoots(b, sim.rimTrustAnchors());
        io.tee4j.core.VerificationFailedException e = assertThrows(io.tee4j.core.VerificationFailedException.class,
                () -> backend.verify(ev, b.build()));
        assertEquals(io.tee4j.core.VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("RIM signing chain"), e.getMessage());
    }

    @Test
    void aGpuSignedRimIsRefusedWithDeviceAndRimRootsApart(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
        io.tee4j.nvgpu.simulator.NvGpuSimulator sim = io.tee4j.nvgpu.simulator.NvGpuSimulator.builder().clock(clock)
                .build();
        Evidence ev = backend.readEvidence(sim.report(new byte[32]));
        // --trust-root the device root, --rim-trust-root the RIM root; RIMs signed by the GPU itself
        VerificationRequest.Builder b = simulatedRequest(sim, clock, dir, sim.signRimWithDeviceLeaf(sim.driverRim()),
                sim.signRimWithDeviceLeaf(sim.vbiosRim()));
        addRoots(b, sim.deviceTrustAnchors());
        io.tee4j.core.VerificationFailedException e = assertThrows(io.tee4j.core.VerificationFailedException.class,
                () -> NvGpuBackend.withRimTrustRoots(sim.rimTrustAnchors().roots()).verify(ev, b.build()));
        assertEquals(io.tee4j.core.VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
        assertEquals(2, e.failureClass().exitCode());
    }

    @Test
    void aPreparedVerifierTakesDeviceAndRimRootsFromItsConfigurationAndServesRepeatedCalls(@TempDir Path dir)
            throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
        io.tee4j.nvgpu.simulator.NvGpuSimulator sim = io.tee4j.nvgpu.simulator.NvGpuSimulator.builder().clock(clock)
                .build();
        Files.write(dir.resolve("driver.swidtag"), sim.driverRim());
        Files.write(dir.resolve("vbios.swidtag"), sim.vbiosRim());
        VerifierConfiguration.Builder config = VerifierConfiguration.builder()
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).addCollateral(dir);
        sim.deviceTrustAnchors().roots().forEach(r -> config.addTrustRoot(Vectors.der(r)));
        PreparedVerifier deviceRootsOnly = backend.prepare(config.build());
        sim.rimTrustAnchors().roots().forEach(r -> config.addRimTrustRoot(Vectors.der(r)));
        PreparedVerifier v = backend.prepare(config.build());
        Files.delete(dir.resolve("driver.swidtag"));
        Files.delete(dir.resolve("vbios.swidtag"));
        PerCallInputs.Builder call = PerCallInputs.builder().clock(clock);
        sim.deviceChain().forEach(c -> call.addCertificate(Vectors.der(c)));
        for (int i = 0; i < 2; i++) {
            Evidence ev = backend.readEvidence(sim.report(new byte[32]));
            AttestationResult r = v.verify(ev, call.build());
            assertEquals("success", r.claims().get("measres"));
            assertEquals("explicit", ((Claims) r.claims().get("rimTrustAnchors")).get("origin"));
        }
        Evidence ev = backend.readEvidence(sim.report(new byte[32]));
        io.tee4j.core.VerificationFailedException e = assertThrows(io.tee4j.core.VerificationFailedException.class,
                () -> deviceRootsOnly.verify(ev, call.build()));
        assertTrue(e.getMessage().contains("RIM signing chain"), e.getMessage());
    }

    private static VerificationRequest.Builder simulatedRequest(io.tee4j.nvgpu.simulator.NvGpuSimulator sim,
            Clock clock, Path dir, byte[] driverRim, byte[] vbiosRim) throws java.io.IOException {
        Files.write(dir.resolve("driver.swidtag"), driverRim);
        Files.write(dir.resolve("vbios.swidtag"), vbiosRim);
        VerificationRequest.Builder b = VerificationRequest.builder().clock(clock)
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).addCollateral(dir);
        sim.deviceChain().forEach(c -> b.addCertificate(Vectors.der(c)));
        return b;
    }

    private static void addRoots(VerificationRequest.Builder b, io.tee4j.core.TrustAnchors anchors) {
        for (java.security.cert.X509Certificate root : anchors.roots()) {
            b.addTrustRoot(io.tee4j.core.crypto.Certificates.toPem(root).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
