package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link CertificateChainValidator} and {@link CrlVerifier} on real AMD, NVIDIA and Intel
 * certificates and CRLs (see {@code vectors/PROVENANCE.md}), at instants inside and outside their
 * validity windows, and with every byte of a real VCEK flipped.
 */
class RealVendorPkiTest {

    static byte[] resource(String name) {
        try (InputStream in = RealVendorPkiTest.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Instant IN_2026 = Instant.parse("2026-06-01T00:00:00Z");

    private static List<X509Certificate> milanAskArk() throws CertificateException {
        List<X509Certificate> chain = Certificates.parseAll(resource("milan-cert-chain.pem"));
        assertEquals(2, chain.size());
        return chain;
    }

    private static CertificateChainValidator milanValidator() throws CertificateException {
        return CertificateChainValidator.of(TrustAnchors.explicit("AMD Milan ARK", List.of(milanAskArk().get(1))));
    }

    @Test
    void amdMilanVcekChainValidates() throws Exception {
        X509Certificate vcek = Certificates.parseOne(resource("milan-vcek.der"));
        X509Certificate ask = milanAskArk().get(0);
        List<X509Certificate> full = milanValidator().validate(List.of(vcek, ask), IN_2026);
        assertEquals(3, full.size());
        // The VCEK's key is the report-signing key: P-384, usable with EcdsaVerifier.
        assertEquals(EcCurve.P384, EcdsaVerifier.fromPublicKey(vcek.getPublicKey()).curve());
        // ARK and ASK are RSA-4096 with AMD's PSS parameters.
        assertEquals(4096, RsaPssVerifier.sha384Salt48(ask.getPublicKey()).modulusBits());
    }

    @Test
    void amdMilanVcekExpiredIn2030() throws Exception {
        X509Certificate vcek = Certificates.parseOne(resource("milan-vcek.der"));
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> milanValidator().validate(List.of(vcek, milanAskArk().get(0)), Instant.parse("2030-01-01T00:00:00Z")));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void everyFlippedByteOfARealVcekIsRejected() throws Exception {
        byte[] der = resource("milan-vcek.der");
        X509Certificate ask = milanAskArk().get(0);
        CertificateChainValidator validator = milanValidator();
        validator.validate(List.of(Certificates.parseOne(der), ask), IN_2026);
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < der.length; i++) {
            byte[] bad = der.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            X509Certificate cert;
            try {
                cert = Certificates.parseOne(bad);
            } catch (CertificateException e) {
                continue;
            }
            try {
                validator.validate(List.of(cert, ask), IN_2026);
                accepted.add(i);
            } catch (VerificationFailedException expected) {
                // rejected, as it must be
            }
        }
        assertEquals(List.of(), accepted, "flipped VCEK bytes that still validated");
    }

    @Test
    void nvidiaHopperChainValidates() throws Exception {
        List<X509Certificate> chain = Certificates.parseAll(resource("hopper-cert-chain.pem"));
        assertEquals(5, chain.size());
        X509Certificate root = Certificates.parseOne(resource("nvidia-device-identity-ca.pem"));
        assertEquals(root, chain.get(4));
        TrustAnchors anchors = TrustAnchors.explicit("NVIDIA Device Identity CA", List.of(root));
        // The leaf's TCG DICE TcbInfo extension (2.23.133.5.4.1, the firmware ID) is not critical in
        // this chain, so the plain validator accepts it; the GPU backend reads it itself.
        assertTrue(chain.get(0).getNonCriticalExtensionOIDs().contains("2.23.133.5.4.1"));
        CertificateChainValidator validator = CertificateChainValidator.of(anchors);
        CertificateChainValidator handling = CertificateChainValidator.of(anchors, Set.of("2.23.133.5.4.1"));
        assertEquals(5, validator.validate(chain, IN_2026).size());
        assertEquals(5, handling.validate(chain.subList(0, 4), IN_2026).size());
        // Without the Provisioner ICA the chain breaks.
        List<X509Certificate> gap = List.of(chain.get(0), chain.get(1), chain.get(3));
        assertThrows(VerificationFailedException.class, () -> handling.validate(gap, IN_2026));
    }

    @Test
    void intelRootCrlCurrentOnlyInsideItsWindow() throws Exception {
        X509CRL crl = Certificates.parseCrl(resource("intel-root.crl.der"));
        X509Certificate root = Certificates.parseOne(resource("intel-sgx-root-ca.der"));
        CrlVerifier.check(crl, root, Instant.parse("2023-10-01T00:00:00Z"));
        assertThrows(RevocationUnavailableException.class,
                () -> CrlVerifier.check(crl, root, Instant.parse("2024-04-02T10:22:51Z")));
    }

    @Test
    void intelPckPlatformCrlVerifiesWithPlatformCa() throws Exception {
        X509CRL crl = Certificates.parseCrl(resource("intel-pck-platform.crl.der"));
        assertEquals(44, crl.getRevokedCertificates().size());
        List<X509Certificate> chain = Certificates.parseAll(resource("intel-pck-platform-chain.pem"));
        X509Certificate platformCa = chain.get(0);
        X509Certificate root = Certificates.parseOne(resource("intel-sgx-root-ca.der"));
        Instant at = Instant.parse("2023-06-20T00:00:00Z");
        CertificateChainValidator.of(TrustAnchors.explicit("Intel SGX Root CA", List.of(root))).validate(chain, at);
        CrlVerifier.check(crl, platformCa, at);
        // The root did not sign it.
        assertThrows(VerificationFailedException.class, () -> CrlVerifier.check(crl, root, at));
        assertThrows(RevocationUnavailableException.class,
                () -> CrlVerifier.check(crl, platformCa, Instant.parse("2023-07-09T00:00:00Z")));
    }
}
