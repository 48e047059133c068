package io.tee4j.coco.kbs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The runtime-data hash algorithms, with the lower-case names KBS messages use
 * ({@code supported-hash-algorithms}, {@code selected-hash-algorithm}). SHA-384 is the default of
 * every TEE but IBM SE, which selects SHA-512. SM3 is not offered: the JDK has no SM3.
 */
public enum HashAlgorithm {
    /** SHA-256. */
    SHA256("sha256", "SHA-256"),
    /** SHA-384: the default when the KBS selects none. */
    SHA384("sha384", "SHA-384"),
    /** SHA-512: IBM SE. */
    SHA512("sha512", "SHA-512");

    private final String wireName;
    private final String jcaName;

    HashAlgorithm(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    /** The name in KBS messages. */
    public String wireName() {
        return wireName;
    }

    /** The digest of {@code data}. */
    public byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(jcaName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }

    /** The algorithm named {@code wireName} in a KBS message, or null when none is. */
    public static HashAlgorithm fromWireName(String wireName) {
        for (HashAlgorithm h : values()) {
            if (h.wireName.equals(wireName)) {
                return h;
            }
        }
        return null;
    }
}
