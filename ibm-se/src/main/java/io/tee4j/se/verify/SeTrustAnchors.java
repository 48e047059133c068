package io.tee4j.se.verify;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Trust anchors for the IBM Z host-key signing key: the bundled DigiCert Trusted Root G4 (SHA-256
 * fingerprint 552f7bdc…c89988, from the JDK/Mozilla trust store), above DigiCert's code-signing
 * intermediate that certifies IBM's key, or roots the caller names (tests, IBM's fake PKI).
 *
 * @since 0.3
 */
public final class SeTrustAnchors {
    private static final String BUNDLED = "digicert-trusted-root-g4.pem";

    private SeTrustAnchors() {
    }

    /** The bundled DigiCert Trusted Root G4. */
    public static TrustAnchors bundled() {
        try (InputStream in = SeTrustAnchors.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled root " + BUNDLED + " is missing from the jar");
            }
            return TrustAnchors.bundled("DigiCert Trusted Root G4", List.of(Certificates.parseOne(in.readAllBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("bundled root " + BUNDLED + " does not parse", e);
        }
    }

    /** Caller-chosen roots. */
    public static TrustAnchors explicit(List<X509Certificate> roots) {
        return TrustAnchors.explicit("explicit IBM SE roots", roots);
    }
}
