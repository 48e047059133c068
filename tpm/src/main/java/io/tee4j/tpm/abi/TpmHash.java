package io.tee4j.tpm.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The TPM hash algorithms tee4j reads (TPM_ALG_ID values of TCG "Algorithm Registry"), with their
 * digest sizes and JCA names. Other ids are reported by number and cannot be replayed or verified.
 *
 * @since 0.1
 */
public enum TpmHash {
    /** TPM_ALG_SHA1 (0x0004): read for PCR banks and event logs, never accepted as a signing hash. */
    SHA1(0x0004, 20, "SHA-1"),
    /** TPM_ALG_SHA256 (0x000B). */
    SHA256(0x000B, 32, "SHA-256"),
    /** TPM_ALG_SHA384 (0x000C). */
    SHA384(0x000C, 48, "SHA-384"),
    /** TPM_ALG_SHA512 (0x000D). */
    SHA512(0x000D, 64, "SHA-512");

    private final int id;
    private final int size;
    private final String jcaName;

    TpmHash(int id, int size, String jcaName) {
        this.id = id;
        this.size = size;
        this.jcaName = jcaName;
    }

    /** The TPM_ALG_ID. */
    public int id() {
        return id;
    }

    /** The digest length in bytes. */
    public int size() {
        return size;
    }

    /** The JCA {@link MessageDigest} name. */
    public String jcaName() {
        return jcaName;
    }

    /** The lower-case name used in policies and claims: {@code sha1}, {@code sha256}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A fresh digest object (SHA-1 and SHA-2 are required of every Java platform). */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required of every Java platform", e);
        }
    }

    /** The digest of {@code data}. */
    public byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    /** The algorithm with this TPM_ALG_ID, if tee4j knows it. */
    public static Optional<TpmHash> byId(int id) {
        for (TpmHash h : values()) {
            if (h.id == id) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The algorithm with this TPM_ALG_ID; an unknown id is malformed evidence naming {@code what}. */
    public static TpmHash require(int id, String what) throws MalformedEvidenceException {
        return byId(id).orElseThrow(() -> new MalformedEvidenceException(
                what + ": hash algorithm 0x" + Integer.toHexString(id) + " is not SHA-1, SHA-256, SHA-384 or SHA-512"));
    }

    /** The algorithm with this label ({@code sha256}), if any. */
    public static Optional<TpmHash> byLabel(String label) {
        for (TpmHash h : values()) {
            if (h.label().equals(label)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
