package io.tee4j.sealing.internal;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) on the JDK's {@link Mac}. Only HMAC-SHA-256 and HMAC-SHA-384 are offered;
 * sealing uses SHA-384. An empty salt stands for {@code HashLen} zero bytes, as the RFC says
 * (the JDK's {@link SecretKeySpec} refuses empty keys, so the zeros are passed explicitly).
 */
public final class Hkdf {
    /** HMAC-SHA-384, the hash of sealing's key derivation. */
    public static final String HMAC_SHA384 = "HmacSHA384";
    /** HMAC-SHA-256 (tested with Wycheproof; not used by the sealing format). */
    public static final String HMAC_SHA256 = "HmacSHA256";

    private Hkdf() {
    }

    /** The output length of the named HMAC in bytes. */
    public static int macLength(String macAlgorithm) {
        switch (macAlgorithm) {
            case HMAC_SHA384:
                return 48;
            case HMAC_SHA256:
                return 32;
            default:
                throw new IllegalArgumentException("unsupported HKDF hash: " + macAlgorithm);
        }
    }

    /**
     * Extract then expand.
     *
     * @throws IllegalArgumentException when {@code length} is not in 1..255·HashLen or the key is empty
     */
    public static byte[] derive(String macAlgorithm, byte[] ikm, byte[] salt, byte[] info, int length) {
        Objects.requireNonNull(ikm, "ikm");
        Objects.requireNonNull(info, "info");
        int hashLen = macLength(macAlgorithm);
        if (length < 1 || length > 255 * hashLen) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        byte[] prk = extract(macAlgorithm, salt, ikm);
        try {
            return expand(macAlgorithm, prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /** HKDF-Extract: PRK = HMAC(salt, IKM). */
    public static byte[] extract(String macAlgorithm, byte[] salt, byte[] ikm) {
        int hashLen = macLength(macAlgorithm);
        byte[] s = salt == null || salt.length == 0 ? new byte[hashLen] : salt;
        Mac mac = newMac(macAlgorithm, s);
        return mac.doFinal(ikm);
    }

    /** HKDF-Expand: T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i). */
    public static byte[] expand(String macAlgorithm, byte[] prk, byte[] info, int length) {
        int hashLen = macLength(macAlgorithm);
        if (length < 1 || length > 255 * hashLen) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        Mac mac = newMac(macAlgorithm, prk);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            byte[] next = mac.doFinal();
            Arrays.fill(t, (byte) 0);
            t = next;
            int n = Math.min(hashLen, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        Arrays.fill(t, (byte) 0);
        return out;
    }

    private static Mac newMac(String macAlgorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks " + macAlgorithm, e);
        }
    }

}
