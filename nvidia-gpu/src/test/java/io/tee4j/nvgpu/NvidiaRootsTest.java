package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tee4j.core.TrustAnchors;
import io.tee4j.nvgpu.verify.NvGpuTrustAnchors;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Pins the bundled NVIDIA roots by SHA-256 fingerprint (see roots/PROVENANCE.md). */
class NvidiaRootsTest {

    private static String fingerprint(TrustAnchors a) throws Exception {
        assertEquals(1, a.roots().size());
        assertEquals(TrustAnchors.Origin.BUNDLED, a.origin());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a.roots().get(0).getEncoded()));
    }

    @Test
    void deviceIdentityCa() throws Exception {
        assertEquals("102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48",
                fingerprint(NvGpuTrustAnchors.deviceIdentity()));
        assertEquals("O=NVIDIA,CN=NVIDIA Device Identity CA",
                NvGpuTrustAnchors.deviceIdentity().roots().get(0).getSubjectX500Principal().getName());
    }

    @Test
    void corimSigningRoot() throws Exception {
        assertEquals("12977b5115acb0381179279fffeb5a8c4d264971ebb32298023a465fa41df5d1",
                fingerprint(NvGpuTrustAnchors.corimSigning()));
    }
}
