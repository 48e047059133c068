package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.RimMeasurement;
import io.tee4j.nvgpu.verify.NvGpuTrustAnchors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReferenceManifestTest {
    static final String PROD = "nvtrust-1010_0200_882_96005E0001_PROD.swidtag";
    static final String VBIOS_TEST = "nvtrust-1010_0200_882_96005E0001_test_no_gpu.swidtag";
    static final String DRIVER_TEST = "nvtrust-Driver_RIM_test_no_gpu.swidtag";

    private static ReferenceManifest verify(byte[] xml) throws VerificationFailedException {
        return ReferenceManifest.verify(xml, NvGpuTrustAnchors.corimSigning(), Vectors.PINNED);
    }

    private static String text(String name) {
        return new String(Vectors.bytes(name), StandardCharsets.UTF_8);
    }

    @Test
    void signedRimsVerifyAtAPinnedTime() throws Exception {
        ReferenceManifest prod = verify(Vectors.bytes(PROD));
        assertEquals(ReferenceManifest.Kind.VBIOS, prod.kind());
        assertEquals("96.00.5E.00.01", prod.colloquialVersion());
        assertEquals(64, prod.measurements().size());
        assertEquals(4, prod.signerChain().size());
        assertTrue(prod.verified());
        ReferenceManifest vbios = verify(Vectors.bytes(VBIOS_TEST));
        assertEquals(12, vbios.measurements().stream().filter(RimMeasurement::active).count());
        ReferenceManifest driver = verify(Vectors.bytes(DRIVER_TEST));
        assertEquals(ReferenceManifest.Kind.DRIVER, driver.kind());
        assertEquals("545.00", driver.colloquialVersion());
        assertEquals(21, driver.measurements().stream().filter(RimMeasurement::active).count());
    }

    @Test
    void expiredSignerFailsTheChainAtAFixedLaterTime() {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> ReferenceManifest.verify(
                Vectors.bytes(PROD), NvGpuTrustAnchors.corimSigning(), Instant.parse("2025-07-01T00:00:00Z")));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void alteredMeasurementFailsTheDigest() {
        String xml = text(PROD);
        int i = xml.indexOf("Hash0=\"") + 7;
        char c = xml.charAt(i);
        String bad = xml.substring(0, i) + (c == '0' ? '1' : '0') + xml.substring(i + 1);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(bad.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.SIGNATURE, e.reason());
    }

    @Test
    void alteredSignatureValueFails() {
        String xml = text(PROD);
        int i = xml.indexOf("<ds:SignatureValue>") + 19;
        char c = xml.charAt(i);
        String bad = xml.substring(0, i) + (c == 'A' ? 'B' : 'A') + xml.substring(i + 1);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(bad.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.SIGNATURE, e.reason());
    }

    @Test
    void doctypeIsRefused() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE SoftwareIdentity [<!ELEMENT SoftwareIdentity ANY>]>\n" + text(PROD);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.COLLATERAL, e.reason());
        assertThrows(VerificationFailedException.class,
                () -> ReferenceManifest.parseUnverified(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void externalEntityIsRefused() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE SoftwareIdentity [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + text(PROD).replace("name=\"GH100\"", "name=\"&xxe;\"");
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.COLLATERAL, e.reason());
    }

    @Test
    void secondSignatureIsRefused() {
        String xml = text(PROD);
        int start = xml.indexOf("<ds:Signature ");
        int end = xml.indexOf("</ds:Signature>") + "</ds:Signature>".length();
        String sig = xml.substring(start, end);
        String doubled = xml.substring(0, end) + sig + xml.substring(end);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(doubled.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.COLLATERAL, e.reason());
        assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
    }

    @Test
    void referenceMustCoverTheRoot() {
        String xml = text(PROD).replace("<ds:Reference URI=\"\">", "<ds:Reference URI=\"#x\">");
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.COLLATERAL, e.reason());
    }

    @Test
    void wrongRootFailsTheChain() {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> ReferenceManifest.verify(
                Vectors.bytes(PROD), NvGpuTrustAnchors.deviceIdentity(), Vectors.PINNED));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
    }
}
