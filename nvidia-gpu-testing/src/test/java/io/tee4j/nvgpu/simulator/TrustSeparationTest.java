package io.tee4j.nvgpu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.RevocationMode;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 item 1: device identity roots and RIM signing roots are separate sets, and a RIM signing
 * chain holds no certificate of the device hierarchy. Before the fix one set served both, and RIMs
 * signed with the GPU's own FMC leaf key verified (exit 0).
 */
class TrustSeparationTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
    static final NvGpuSimulator SIM = NvGpuSimulator.builder().clock(CLOCK).build();

    static byte[] nonce() {
        byte[] n = new byte[32];
        new SecureRandom().nextBytes(n);
        return n;
    }

    private static NvGpuVerifier.Builder verifier(TrustAnchors device, TrustAnchors rim) {
        return NvGpuVerifier.builder().clock(CLOCK).deviceTrustAnchors(device).rimTrustAnchors(rim)
                .revocationMode(RevocationMode.SKIP_INSECURE);
    }

    private static TrustAnchors union(String name, TrustAnchors... sets) {
        List<X509Certificate> roots = new ArrayList<>();
        for (TrustAnchors s : sets) {
            roots.addAll(s.roots());
        }
        return TrustAnchors.explicit(name, roots);
    }

    private static VerificationFailedException refused(NvGpuVerifier v) {
        byte[] nonce = nonce();
        return assertThrows(VerificationFailedException.class,
                () -> v.verify(SIM.evidence(nonce), NvGpuPolicy.builder().expectedNonce(nonce).build()));
    }

    @Test
    void separateSetsAcceptGenuineRims() throws Exception {
        byte[] nonce = nonce();
        NvGpuAttestationResult r = verifier(SIM.deviceTrustAnchors(), SIM.rimTrustAnchors()).addRim(SIM.driverRim())
                .addRim(SIM.vbiosRim()).build().verify(SIM.evidence(nonce), NvGpuPolicy.builder().expectedNonce(nonce)
                        .build());
        assertEquals(Boolean.TRUE, r.claims().get("measurementsAppraised"));
        assertTrue(r.measurementsAppraised());
    }

    @Test
    void gpuSignedRimsAreRefusedWithSeparateRoots() {
        NvGpuVerifier v = verifier(SIM.deviceTrustAnchors(), SIM.rimTrustAnchors())
                .addRim(SIM.signRimWithDeviceLeaf(SIM.driverRim())).addRim(SIM.signRimWithDeviceLeaf(SIM.vbiosRim()))
                .build();
        assertEquals(Reason.CERTIFICATE_CHAIN, refused(v).reason());
    }

    @Test
    void gpuSignedRimsAreRefusedEvenWhenTheDeviceRootIsGivenAsARimRoot() {
        // the misconfiguration of the old single --trust-root: one set holding both roots, for both
        TrustAnchors both = union("both roots", SIM.deviceTrustAnchors(), SIM.rimTrustAnchors());
        NvGpuVerifier v = verifier(SIM.deviceTrustAnchors(), both)
                .addRim(SIM.signRimWithDeviceLeaf(SIM.driverRim())).addRim(SIM.signRimWithDeviceLeaf(SIM.vbiosRim()))
                .build();
        VerificationFailedException e = refused(v);
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("a GPU's own keys may not sign"), e.getMessage());
        // with the device root alone as the RIM root, too
        NvGpuVerifier alone = verifier(SIM.deviceTrustAnchors(), SIM.deviceTrustAnchors())
                .addRim(SIM.signRimWithDeviceLeaf(SIM.driverRim())).addRim(SIM.signRimWithDeviceLeaf(SIM.vbiosRim()))
                .build();
        assertEquals(Reason.CERTIFICATE_CHAIN, refused(alone).reason());
    }

    @Test
    void anotherGpusKeyMayNotSignRimsEither() {
        // another GPU, under a device root someone listed among the RIM roots: its leaf is device-minted
        NvGpuSimulator other = NvGpuSimulator.builder().clock(CLOCK).build();
        NvGpuVerifier v = verifier(SIM.deviceTrustAnchors(), union("rim + other", SIM.rimTrustAnchors(),
                other.deviceTrustAnchors()))
                .addRim(other.signRimWithDeviceLeaf(SIM.driverRim())).addRim(other.signRimWithDeviceLeaf(SIM.vbiosRim()))
                .build();
        VerificationFailedException e = refused(v);
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("DICE"), e.getMessage());
    }

    @Test
    void aRootInBothSetsIsNoRimRoot() {
        TrustAnchors both = union("both roots", SIM.deviceTrustAnchors(), SIM.rimTrustAnchors());
        NvGpuVerifier v = verifier(both, both).addRim(SIM.driverRim()).addRim(SIM.vbiosRim()).build();
        VerificationFailedException e = refused(v);
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("--rim-trust-root"), e.getMessage());
    }

    @Test
    void theRimRootIsNoDeviceRoot() {
        NvGpuVerifier v = verifier(SIM.rimTrustAnchors(), SIM.rimTrustAnchors()).addRim(SIM.driverRim())
                .addRim(SIM.vbiosRim()).build();
        assertEquals(Reason.CERTIFICATE_CHAIN, refused(v).reason());
    }
}
