package io.tee4j.measure.cca;

import io.tee4j.measure.internal.Digests;
import java.security.MessageDigest;

/**
 * The realm's measurement algorithm (RmiRealmParams.hash_algo). Measurements are 64-byte fields;
 * SHA-256 results are zero-padded, and a realm token reports only the digest's own length.
 *
 * @since 0.1
 */
public enum RimHashAlgorithm {
    SHA256(0, 32),
    SHA512(1, 64);

    private final int code;
    private final int digestBytes;

    RimHashAlgorithm(int code, int digestBytes) {
        this.code = code;
        this.digestBytes = digestBytes;
    }

    /** The value of RmiRealmParams.hash_algo. */
    public int code() {
        return code;
    }

    /** The digest's own length (32 or 64). */
    public int digestBytes() {
        return digestBytes;
    }

    /** The 64-byte measurement of {@code data}: the digest, zero-padded. */
    byte[] measure(byte[] data) {
        MessageDigest md = this == SHA256 ? Digests.sha256() : Digests.sha512();
        byte[] out = new byte[64];
        System.arraycopy(md.digest(data), 0, out, 0, digestBytes);
        return out;
    }
}
