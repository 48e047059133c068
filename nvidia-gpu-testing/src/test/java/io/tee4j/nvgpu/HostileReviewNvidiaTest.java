package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.abi.UnsupportedGpuArchitectureException;
import io.tee4j.nvgpu.simulator.NvGpuSimulator;
import io.tee4j.nvgpu.validate.MeasurementMismatchException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 items 7, 8 and 14.18 (by certificate name) and 14.27 on the real vector: each test fails
 * on the code before the fix (see the comments).
 */
class HostileReviewNvidiaTest {
    static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /**
     * The simulator's report re-signed by {@code leaf}, its FWID field replaced by {@code fwid}: a
     * report a two-certificate chain (leaf issued by a root directly) could sign.
     */
    static byte[] resigned(NvGpuSimulator sim, byte[] nonce, TestCa leaf, byte[] fwid) throws Exception {
        byte[] raw = sim.report(nonce);
        SpdmMeasurementReport r = SpdmMeasurementReport.parse(raw);
        byte[] old = r.opaqueData().fwid().orElseThrow();
        int at = indexOf(raw, old);
        System.arraycopy(fwid, 0, raw, at, fwid.length);
        Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
        s.initSign(leaf.keys.getPrivate());
        s.update(raw, 0, r.signedLength());
        byte[] sig = s.sign();
        System.arraycopy(sig, 0, raw, r.signedLength(), sig.length);
        return raw;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalStateException("not found");
    }

    @Test
    void aDeviceChainOfLeafAndRootIsRefused() throws Exception {
        // Before: at least two certificates were enough, so a root that signs an FMC-shaped leaf
        // directly verified (exit 0). nvtrust requires the full chain length (five) for GPU attestation.
        NvGpuSimulator sim = NvGpuSimulator.builder().clock(CLOCK).build();
        TestCa root = TestCa.root("Short Chain Root", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        byte[] fwid = new byte[48];
        Arrays.fill(fwid, (byte) 7);
        TestCa leaf = root.diceLeaf("GH100 A01 GSP FMC LF", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)),
                fwid);
        byte[] nonce = new byte[32];
        Evidence ev = NvGpuVerifierTest.evidence(resigned(sim, nonce, leaf, fwid), List.of(leaf.cert, root.cert));
        NvGpuVerifier v = NvGpuVerifier.builder().clock(CLOCK)
                .deviceTrustAnchors(io.tee4j.core.TrustAnchors.explicit("short", List.of(root.cert)))
                .rimTrustAnchors(sim.rimTrustAnchors()).addRim(sim.driverRim()).addRim(sim.vbiosRim())
                .revocationMode(RevocationMode.SKIP_INSECURE).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(ev, NvGpuPolicy.builder().expectedNonce(nonce).build()));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("5 certificates in all"), e.getMessage());
    }

    @Test
    void theRootMayBeLeftOutOfTheDeviceChain() throws Exception {
        NvGpuSimulator sim = NvGpuSimulator.builder().clock(CLOCK).build();
        byte[] nonce = new byte[32];
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, sim.report(nonce));
        sim.deviceChain().subList(0, 4).forEach(c -> b.addCertificate(Vectors.der(c)));
        NvGpuAttestationResult r = sim.verifier().revocationMode(RevocationMode.SKIP_INSECURE).build()
                .verify(b.build(), NvGpuPolicy.builder().expectedNonce(nonce).build());
        assertEquals(5, r.deviceChain().size());
    }

    @Test
    void aMeasurementBlockOfAnotherSpecificationThanExactlyDmtfIsMalformed() {
        // Before: only bit 0 was tested (spec & 1), so 0x03 parsed as DMTF. nvtrust requires exactly 1.
        byte[] raw = Vectors.report();
        int firstBlockSpec = SpdmMeasurementReport.REQUEST_LENGTH + 4 + 1 + 3 + 1;
        assertEquals(1, raw[firstBlockSpec]);
        raw[firstBlockSpec] = 0x03;
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> SpdmMeasurementReport.parse(raw));
        assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    }

    @Test
    void anUnknownChipIsRefusedByItsCertificateNames() {
        // Before: the chain check failed with a misleading reason (exit 2). Blackwell is verified now (see
        // EvidenceListVectorsTest); a chip tee4j does not know is refused by architecture, and a chain whose
        // certificates name two architectures (a Hopper leaf under a Blackwell BROM) is malformed.
        TestCa root = TestCa.root("NVIDIA Device Identity CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
        TestCa brom = root.subCa("GR100 A01 FSP BROM", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
        Evidence ev = NvGpuVerifierTest.evidence(Vectors.report(), List.of(Vectors.chain().get(0), brom.cert, root.cert));
        UnsupportedGpuArchitectureException e = assertThrows(UnsupportedGpuArchitectureException.class,
                () -> NvGpuVerifierTest.offline().build().verify(ev, NvGpuVerifierTest.UNAPPRAISED));
        assertTrue(e.getMessage().startsWith("unknown NVIDIA device architecture 'GR100'"), e.getMessage());
        assertEquals("GR100", e.chip());
        assertEquals(6, e.failureClass().exitCode());
        TestCa gb = root.subCa("GB100 A01 FSP BROM", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
        Evidence mixed = NvGpuVerifierTest.evidence(Vectors.report(), List.of(Vectors.chain().get(0), gb.cert, root.cert));
        MalformedEvidenceException m = assertThrows(MalformedEvidenceException.class,
                () -> NvGpuVerifierTest.offline().build().verify(mixed, NvGpuVerifierTest.UNAPPRAISED));
        assertTrue(m.getMessage().contains("name two architectures"), m.getMessage());
        assertEquals(6, m.failureClass().exitCode());
    }

    @Test
    void theRealVectorSaysItsMeasurementsWereNotAppraisedAndWhichAnchorsDidWhat() throws Exception {
        NvGpuAttestationResult r = NvGpuVerifierTest.offline().build()
                .verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), NvGpuVerifierTest.UNAPPRAISED);
        assertEquals(Boolean.FALSE, r.claims().get("measurementsAppraised"));
        Claims device = (Claims) r.claims().get("deviceTrustAnchors");
        assertEquals("bundled", device.get("origin"));
        assertEquals("NVIDIA Device Identity CA", device.get("name"));
        assertTrue(((String) device.get("role")).contains("CN=NVIDIA Device Identity CA"), device.toString());
        Claims rim = (Claims) r.claims().get("rimTrustAnchors");
        assertEquals("bundled", rim.get("origin"));
        assertEquals("NVIDIA CoRIM signing Root CA", rim.get("name"));
        assertTrue(((String) rim.get("role")).startsWith("not used"));
        assertTrue(!r.explicitTrustAnchors());
    }

    @Test
    void theRealVectorWithTheSampleRimsIsAMismatchNotAnAppraisal() {
        // the published sample RIMs do not describe this report's build: nothing is claimed appraised
        NvGpuVerifier v = NvGpuVerifierTest.offline().addRim(Vectors.bytes(ReferenceManifestTest.DRIVER_TEST))
                .addRim(Vectors.bytes(ReferenceManifestTest.VBIOS_TEST)).build();
        assertThrows(MeasurementMismatchException.class, () -> v.verify(NvGpuVerifierTest.evidence(Vectors.report(),
                Vectors.chain()), RimAppraisalTest.POLICY));
    }
}
