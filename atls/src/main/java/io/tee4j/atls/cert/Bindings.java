package io.tee4j.atls.cert;

import java.security.MessageDigest;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The report-data values that bind evidence to a certificate key and a handshake, one per
 * convention, and their comparison.
 */
public final class Bindings {
    private static final byte[] WINDOW_LABEL = "tee4j aTLS time window ".getBytes(StandardCharsets.US_ASCII);

    private Bindings() {
    }

    /** tee4j and Contrast: {@code SHA-512(SubjectPublicKeyInfo DER ‖ nonce)}, 64 bytes. */
    public static byte[] sha512(byte[] spki, byte[] nonce) {
        return GramineEvidence.digest("SHA-512", concat(spki, nonce));
    }

    /** Constellation: {@code SHA-256(SHA-256(SubjectPublicKeyInfo DER) ‖ nonce)}, 32 bytes. */
    public static byte[] constellation(byte[] spki, byte[] nonce) {
        return GramineEvidence.digest("SHA-256", concat(GramineEvidence.digest("SHA-256", spki), nonce));
    }

    /**
     * The nonce a server uses when the client sent none: a label and the certificate's validity
     * window, so the evidence is bound to the key and to that window only.
     */
    public static byte[] timeWindowNonce(Instant notBefore, Instant notAfter) {
        String window = notBefore.getEpochSecond() + "/" + notAfter.getEpochSecond();
        return concat(WINDOW_LABEL, window.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Constant-time comparison of the report data with the expected value, the shorter zero-padded
     * to the longer (Constellation's rule; the SHA-512 binding fills all 64 bytes, so it compares
     * exactly).
     */
    public static boolean matches(byte[] reportData, byte[] expected) {
        int n = Math.max(reportData.length, expected.length);
        return MessageDigest.isEqual(Arrays.copyOf(reportData, n), Arrays.copyOf(expected, n));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
