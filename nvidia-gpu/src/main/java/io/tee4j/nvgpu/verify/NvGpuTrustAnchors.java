package io.tee4j.nvgpu.verify;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The NVIDIA roots shipped with tee4j (see {@code roots/PROVENANCE.md} beside them):
 *
 * <ul>
 *   <li>{@link #deviceIdentity()}: "NVIDIA Device Identity CA", the root of every GPU device
 *       certificate chain (FMC leaf ← BROM ← Provisioner ICA ← GH100 Identity ← this root), SHA-256
 *       fingerprint 10:2B:F6:59:…:7B:48;
 *   <li>{@link #corimSigning()}: "NVIDIA CoRIM signing Root CA", the root of the RIM signing chains,
 *       SHA-256 fingerprint 12:97:7B:51:…:F5:D1.
 * </ul>
 *
 * @since 0.1
 */
public final class NvGpuTrustAnchors {
    private static final TrustAnchors DEVICE = load("NVIDIA Device Identity CA", "/io/tee4j/nvgpu/roots/nvidia-device-identity-ca.pem");
    private static final TrustAnchors CORIM = load("NVIDIA CoRIM signing Root CA", "/io/tee4j/nvgpu/roots/nvidia-corim-signing-root-ca.pem");

    private NvGpuTrustAnchors() {
    }

    /** The bundled root of GPU device certificate chains. */
    public static TrustAnchors deviceIdentity() {
        return DEVICE;
    }

    /** The bundled root of RIM signing chains. */
    public static TrustAnchors corimSigning() {
        return CORIM;
    }

    private static TrustAnchors load(String name, String resource) {
        try (InputStream in = NvGpuTrustAnchors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled root " + resource + " is missing from the jar");
            }
            List<X509Certificate> certs = Certificates.parseAll(in.readAllBytes());
            return TrustAnchors.bundled(name, certs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("bundled root " + resource + " does not parse", e);
        }
    }
}
