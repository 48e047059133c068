package io.tee4j.measure.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-2 digests from the JDK's own provider (every Java SE runtime has them). */
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
