package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.measure.internal.Le;
import io.tee4j.measure.internal.LeReader;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The SNP ID authentication information structure (ID_AUTH_INFO, 4096 bytes): {@code u32
 * ID_KEY_ALGO @0x000, u32 AUTH_KEY_ALGO @0x004, ID_BLOCK_SIG @0x040 (512), ID_KEY @0x240 (1028),
 * ID_KEY_SIG @0x680 (512), AUTHOR_KEY @0x880 (1028)}, everything else zero. Algorithm 1 is ECDSA
 * P-384 with SHA-384. ID_BLOCK_SIG is the ID key's signature over the 96-byte ID block; ID_KEY_SIG
 * is the author key's signature over the 1028-byte ID key structure. Without an author key,
 * AUTH_KEY_ALGO and the author fields are zero (the firmware ignores them unless the launch sets
 * AUTHOR_KEY_EN).
 *
 * <p>{@link #verify} checks what the secure processor checks at SNP_LAUNCH_FINISH: both signatures,
 * and the algorithms. It does not know which keys to trust; compare {@link #idKeyDigest()} and
 * {@link #authorKeyDigest()} with the digests you pin. Immutable.
 *
 * @since 0.1
 */
public final class IdAuthInfo {
    /** Size of the structure. */
    public static final int BYTES = 4096;
    /** ECDSA P-384 with SHA-384. */
    public static final int ALGO_ECDSA_P384_SHA384 = 1;
    private static final int ID_BLOCK_SIG = 0x040;
    private static final int ID_KEY = 0x240;
    private static final int ID_KEY_SIG = 0x680;
    private static final int AUTHOR_KEY = 0x880;

    private final byte[] bytes;

    private IdAuthInfo(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Signs {@code block} with the ID key and, when given, the ID key with the author key. */
    public static IdAuthInfo sign(IdBlock block, IdKey idKey, IdKey authorKey) {
        Objects.requireNonNull(block, "block");
        byte[] b = new byte[BYTES];
        Le.putU32(b, 0, ALGO_ECDSA_P384_SHA384);
        byte[] idKeyStructure = idKey.publicKeyStructure();
        System.arraycopy(idKey.sign(block.encode()), 0, b, ID_BLOCK_SIG, SevEcdsaSignature.BYTES);
        System.arraycopy(idKeyStructure, 0, b, ID_KEY, SevEcdsaPublicKey.BYTES);
        if (authorKey != null) {
            Le.putU32(b, 4, ALGO_ECDSA_P384_SHA384);
            System.arraycopy(authorKey.sign(idKeyStructure), 0, b, ID_KEY_SIG, SevEcdsaSignature.BYTES);
            System.arraycopy(authorKey.publicKeyStructure(), 0, b, AUTHOR_KEY, SevEcdsaPublicKey.BYTES);
        }
        return new IdAuthInfo(b);
    }

    /** Reads 4096 bytes (structure only; see {@link #verify}). */
    public static IdAuthInfo parse(byte[] b) throws MalformedEvidenceException {
        if (Objects.requireNonNull(b, "b").length != BYTES) {
            throw new MalformedEvidenceException("ID_AUTH_INFO: " + b.length + " bytes, not " + BYTES);
        }
        return new IdAuthInfo(b.clone());
    }

    public byte[] encode() {
        return bytes.clone();
    }

    public long idKeyAlgorithm() throws MalformedEvidenceException {
        return new LeReader(bytes, "ID_AUTH_INFO").u32(0, "ID_KEY_ALGO");
    }

    public long authorKeyAlgorithm() throws MalformedEvidenceException {
        return new LeReader(bytes, "ID_AUTH_INFO").u32(4, "AUTH_KEY_ALGO");
    }

    public byte[] idKey() {
        return Arrays.copyOfRange(bytes, ID_KEY, ID_KEY + SevEcdsaPublicKey.BYTES);
    }

    /** The author key structure, if any (empty when the author-key fields are all zero). */
    public Optional<byte[]> authorKey() {
        byte[] k = Arrays.copyOfRange(bytes, AUTHOR_KEY, AUTHOR_KEY + SevEcdsaPublicKey.BYTES);
        return Arrays.equals(k, new byte[k.length]) ? Optional.empty() : Optional.of(k);
    }

    /** SHA-384 of the ID key structure (a report's ID_KEY_DIGEST). */
    public byte[] idKeyDigest() {
        return SevEcdsaPublicKey.digest(idKey());
    }

    /** SHA-384 of the author key structure (a report's AUTHOR_KEY_DIGEST), if there is one. */
    public Optional<byte[]> authorKeyDigest() {
        return authorKey().map(SevEcdsaPublicKey::digest);
    }

    public byte[] idBlockSignature() {
        return Arrays.copyOfRange(bytes, ID_BLOCK_SIG, ID_BLOCK_SIG + SevEcdsaSignature.BYTES);
    }

    public byte[] idKeySignature() {
        return Arrays.copyOfRange(bytes, ID_KEY_SIG, ID_KEY_SIG + SevEcdsaSignature.BYTES);
    }

    /**
     * True when ID_BLOCK_SIG verifies over {@code block} with the ID key and, if there is an author
     * key, ID_KEY_SIG verifies over the ID key with it. Unknown algorithms and malformed keys fail.
     */
    public boolean verify(IdBlock block) throws MalformedEvidenceException {
        if (idKeyAlgorithm() != ALGO_ECDSA_P384_SHA384) {
            throw new MalformedEvidenceException("ID_AUTH_INFO: ID key algorithm " + idKeyAlgorithm());
        }
        EcdsaVerifier id = SevEcdsaPublicKey.verifier(idKey());
        if (!SevEcdsaSignature.verify(id, block.encode(), idBlockSignature())) {
            return false;
        }
        Optional<byte[]> author = authorKey();
        if (author.isEmpty()) {
            return true;
        }
        if (authorKeyAlgorithm() != ALGO_ECDSA_P384_SHA384) {
            throw new MalformedEvidenceException("ID_AUTH_INFO: author key algorithm " + authorKeyAlgorithm());
        }
        return SevEcdsaSignature.verify(SevEcdsaPublicKey.verifier(author.get()), idKey(), idKeySignature());
    }
}
