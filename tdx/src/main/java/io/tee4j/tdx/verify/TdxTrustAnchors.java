package io.tee4j.tdx.verify;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * The bundled Intel SGX Root CA, the anchor of every PCK chain and of the TCB Signing chain. Loaded
 * from the module's resources and checked against its published SHA-256 fingerprint
 * ({@value #ROOT_SHA256}) when first used.
 *
 * @since 0.1
 */
public final class TdxTrustAnchors {
    /** SHA-256 fingerprint of the Intel SGX Root CA certificate. */
    public static final String ROOT_SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

    private static final TrustAnchors INTEL = load();

    private TdxTrustAnchors() {
    }

    /** The bundled Intel SGX Root CA as {@link TrustAnchors.Origin#BUNDLED} anchors. */
    public static TrustAnchors intelRoot() {
        return INTEL;
    }

    private static TrustAnchors load() {
        try (InputStream in = TdxTrustAnchors.class.getResourceAsStream("/io/tee4j/tdx/Intel_SGX_Root_CA.pem")) {
            if (in == null) {
                throw new IllegalStateException("the bundled Intel SGX Root CA resource is missing");
            }
            X509Certificate root = Certificates.parseOne(in.readAllBytes());
            String fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
            if (!fp.equals(ROOT_SHA256)) {
                throw new IllegalStateException("the bundled Intel SGX Root CA has fingerprint " + fp);
            }
            return TrustAnchors.bundled("Intel SGX Root CA", List.of(root));
        } catch (IOException | CertificateException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot load the bundled Intel SGX Root CA", e);
        }
    }

    static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate always encodes", e);
        }
    }
}
