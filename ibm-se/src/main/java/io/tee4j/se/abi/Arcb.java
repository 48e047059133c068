package io.tee4j.se.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A parsed attestation request control block (ARCB) version 1: the plaintext header, the
 * customer's public key, the keyslots and the still-encrypted area (measurement key and nonce)
 * with its GCM tag. All integers are big-endian.
 *
 * <p>Checked: length equals the request's own length field (at most 1 MiB), zero magic, version
 * 0x100, at least one keyslot, measurement algorithm 1 (HMAC-SHA512), an encrypted area of 64 bytes
 * (no nonce) or 80 (nonce) that agrees with the nonce flag, no unknown flag bits, and that the
 * parts add up. Not checked: anything cryptographic; the GCM tag is checked by
 * the verify package (ArcbDecryption).
 *
 * @since 0.3
 */
public final class Arcb {
    /** The ARCB's version field. */
    public static final int VERSION_1 = 0x100;
    /** Measurement algorithm id of HMAC-SHA512. */
    public static final int MAI_HMAC_SHA512 = 1;
    /** Offset of the customer public key (X ‖ Y, 80 bytes each). */
    public static final int CUSTOMER_KEY_OFFSET = 0x40;
    /** Offset of the first keyslot. */
    public static final int KEYSLOTS_OFFSET = 0xe0;
    /** Upper bound the Ultravisor puts on a request. */
    public static final int MAX_SIZE = 0x100000;
    static final int TAG_SIZE = 16;

    private final byte[] raw;
    private final byte[] iv;
    private final long flags;
    private final List<Keyslot> keyslots;
    private final int encryptedSize;

    private Arcb(byte[] raw, byte[] iv, long flags, List<Keyslot> keyslots, int encryptedSize) {
        this.raw = raw;
        this.iv = iv;
        this.flags = flags;
        this.keyslots = List.copyOf(keyslots);
        this.encryptedSize = encryptedSize;
    }

    /** Parses {@code bytes} as an ARCB v1. */
    public static Arcb parse(byte[] bytes) throws MalformedEvidenceException {
        if (bytes.length > MAX_SIZE) {
            throw new MalformedEvidenceException("ARCB of " + bytes.length + " bytes exceeds the Ultravisor limit " + MAX_SIZE);
        }
        ByteReader r = ByteReader.of(bytes);
        if (!isZero(r.bytes(8, "ARCB magic"))) {
            throw new MalformedEvidenceException("not an ARCB: magic is not eight zero bytes");
        }
        long version = r.u32Be("ARCB version");
        if (version != VERSION_1) {
            throw new MalformedEvidenceException("unsupported ARCB version 0x" + Long.toHexString(version));
        }
        long rql = r.u32Be("ARCB request length");
        if (rql != bytes.length) {
            throw new MalformedEvidenceException("ARCB says it is " + rql + " bytes long but " + bytes.length + " were given");
        }
        byte[] iv = r.bytes(12, "ARCB IV");
        r.skip(4 + 7, "ARCB reserved");
        int nks = r.u8("ARCB keyslot count");
        r.skip(4, "ARCB reserved");
        long sea = r.u32Be("ARCB encrypted-area size");
        long flags = r.u64Be("ARCB plaintext flags");
        long mai = r.u32Be("ARCB measurement algorithm");
        checkFields(nks, sea, flags, mai, bytes.length);
        r.seek(KEYSLOTS_OFFSET, "ARCB keyslots");
        List<Keyslot> slots = new ArrayList<>();
        for (int i = 0; i < nks; i++) {
            slots.add(Keyslot.read(r, i));
        }
        return new Arcb(bytes.clone(), iv, flags, slots, (int) sea);
    }

    private static void checkFields(int nks, long sea, long flags, long mai, int length) throws MalformedEvidenceException {
        if (nks == 0) {
            throw new MalformedEvidenceException("ARCB has no keyslot");
        }
        if (mai != MAI_HMAC_SHA512) {
            throw new MalformedEvidenceException("unknown measurement algorithm " + mai);
        }
        if (AttestationFlags.hasUnknownBits(flags)) {
            throw new MalformedEvidenceException("ARCB sets unknown plaintext flag bits 0x" + Long.toHexString(flags));
        }
        boolean nonce = (flags & AttestationFlags.NONCE.mask()) != 0;
        if (sea != (nonce ? 80 : 64)) {
            throw new MalformedEvidenceException("ARCB encrypted area of " + sea + " bytes does not fit the nonce flag ("
                    + (nonce ? "set" : "clear") + ")");
        }
        long expected = KEYSLOTS_OFFSET + (long) Keyslot.SIZE * nks + sea + TAG_SIZE;
        if (expected != length) {
            throw new MalformedEvidenceException("ARCB parts add up to " + expected + " bytes, not " + length);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The request's bytes as given. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The 12-byte IV of the request's AES-GCM. */
    public byte[] iv() {
        return iv.clone();
    }

    /** The plaintext flags as their u64 value. */
    public long flagBits() {
        return flags;
    }

    /** The known flags that are set. */
    public Set<AttestationFlags> flags() {
        return AttestationFlags.decode(flags);
    }

    /** Whether the encrypted area holds a nonce. */
    public boolean hasNonce() {
        return encryptedSize == 80;
    }

    /** The keyslots, one per host key the request is addressed to. */
    public List<Keyslot> keyslots() {
        return keyslots;
    }

    /** The customer's ECDH public key: X ‖ Y, each left-padded to 80 bytes. */
    public byte[] customerPublicKey() {
        return Arrays.copyOfRange(raw, CUSTOMER_KEY_OFFSET, KEYSLOTS_OFFSET);
    }

    /** The authenticated-only part: every byte before the encrypted area. */
    public byte[] additionalAuthenticatedData() {
        return Arrays.copyOfRange(raw, 0, encryptedOffset());
    }

    /** The encrypted area followed by its 16-byte GCM tag, as AES-GCM decryption takes it. */
    public byte[] ciphertextAndTag() {
        return Arrays.copyOfRange(raw, encryptedOffset(), raw.length);
    }

    /** Size of the encrypted area (64, or 80 with a nonce). */
    public int encryptedSize() {
        return encryptedSize;
    }

    /** Bytes of additional data the flags ask the Ultravisor for. */
    public int expectedAdditionalSize() {
        return AttestationFlags.additionalSize(flags());
    }

    private int encryptedOffset() {
        return raw.length - encryptedSize - TAG_SIZE;
    }
}
