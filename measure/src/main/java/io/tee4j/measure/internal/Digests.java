package io.tee4j.measure.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-2 digests from the JDK's own provider (every Java SE runtime has them), and the one place
 * that picks the hash for bulk hashing ({@link #bulkSha384()}: firmware pages, MRTD blocks).
 *
 * <p>Why the JDK's {@code MessageDigest}: measured on this project's x86-64 machine (2 MiB in 4 KiB
 * pages), the SUN provider's SHA-384 runs on HotSpot's SHA-512 intrinsic (AVX2; on by default in
 * JDK 17 and 25 alike) and took about half the time of Bouncy Castle's pure-Java
 * {@code SHA384Digest}; JDK 25 was no faster than JDK 17; turning the intrinsic off made the JDK
 * digest as slow as Bouncy Castle's. Figures in the module README.
 */
public final class Digests {
    /** Length of a SHA-384 digest. */
    public static final int SHA384_BYTES = 48;

    private Digests() {
    }

    public static MessageDigest sha256() {
        return get("SHA-256");
    }

    public static MessageDigest sha384() {
        return get("SHA-384");
    }

    /** The SHA-384 for hashing megabytes (firmware pages, MRTD blocks); see the class description. */
    public static MessageDigest bulkSha384() {
        return sha384();
    }

    public static MessageDigest sha512() {
        return get("SHA-512");
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    public static byte[] sha384(byte[] data) {
        return sha384().digest(data);
    }

    private static MessageDigest get(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            // Java SE requires SHA-256; SHA-384/512 ship in every JDK's SUN provider.
            throw new IllegalStateException(name + " is not available in this runtime", e);
        }
    }
}
