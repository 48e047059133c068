package io.tee4j.nvgpu;

import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/** Loads the copied real vectors (see vectors/PROVENANCE.md). */
public final class Vectors {
    /** Inside every vector's validity window, before the RIM signers expired (2025-06-22). */
    public static final Instant PINNED = Instant.parse("2024-06-01T00:00:00Z");
    public static final Clock CLOCK = Clock.fixed(PINNED, ZoneOffset.UTC);
    public static final byte[] REPORT_NONCE = HexFormat.of()
            .parseHex("931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb");
    public static final String FWID = "f5c384aebb579217a2c66b17ed0f28e6a9b8d639041acd7b4721cec004f7275494ba94bb5cdfdb3055ee051762b1f75d";

    private Vectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] report() {
        return HexFormat.of().parseHex(new String(bytes("nvtrust-hopperAttestationReport.hex"),
                StandardCharsets.US_ASCII).strip());
    }

    public static List<X509Certificate> certs(String name) {
        try {
            return Certificates.parseAll(bytes(name));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<X509Certificate> chain() {
        return certs("nvtrust-hopperCertChain.pem");
    }

    /** A certificate's DER encoding (the verifier's tests pass chains as evidence bytes). */
    public static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
