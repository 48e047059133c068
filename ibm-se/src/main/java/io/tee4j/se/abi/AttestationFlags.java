package io.tee4j.se.abi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The plaintext attestation flags of an ARCB (a big-endian u64 whose bits are numbered MSB0), and
 * the additional data each asks the Ultravisor for, in the order the Ultravisor writes it.
 *
 * @since 0.3
 */
public enum AttestationFlags {
    /** Bit 1: the request carries a 16-byte nonce that the measurement covers. */
    NONCE(1, 0, "nonce"),
    /** Bit 2: the hash of the host key that unpacked the SE image (32 bytes of additional data). */
    IMAGE_PHKH(2, 32, "image-phkh"),
    /** Bit 3: the hash of the host key that decrypted this request (32 bytes). */
    ATTESTATION_PHKH(3, 32, "attestation-phkh"),
    /** Bit 4: the secret-store hash (64 bytes). */
    SECRET_STORE_HASH(4, 64, "secret-store-hash"),
    /** Bit 5: the opaque firmware state, meant for an IBM web service (320 bytes). */
    FIRMWARE_STATE(5, 320, "firmware-state");

    private final int bit;
    private final int additionalSize;
    private final String id;

    AttestationFlags(int bit, int additionalSize, String id) {
        this.bit = bit;
        this.additionalSize = additionalSize;
        this.id = id;
    }

    /** The flag's mask in the big-endian u64 ({@code 1 << (63 - bit)}). */
    public long mask() {
        return 1L << (63 - bit);
    }

    /** Bytes of additional data this flag adds to the Ultravisor's answer. */
    public int additionalSize() {
        return additionalSize;
    }

    /** The name used on the command line ({@code --flags}). */
    public String id() {
        return id;
    }

    /** The u64 value of a flag set. */
    public static long encode(Set<AttestationFlags> flags) {
        long v = 0;
        for (AttestationFlags f : flags) {
            v |= f.mask();
        }
        return v;
    }

    /** The known flags set in {@code value}; bits no flag names are ignored here (the parser refuses them). */
    public static Set<AttestationFlags> decode(long value) {
        Set<AttestationFlags> set = EnumSet.noneOf(AttestationFlags.class);
        for (AttestationFlags f : values()) {
            if ((value & f.mask()) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** Whether {@code value} sets a bit that no flag here names. */
    public static boolean hasUnknownBits(long value) {
        return (value & ~encode(EnumSet.allOf(AttestationFlags.class))) != 0;
    }

    /** Bytes of additional data the flags ask for. */
    public static int additionalSize(Set<AttestationFlags> flags) {
        return flags.stream().mapToInt(AttestationFlags::additionalSize).sum();
    }

    /**
     * Parses a comma-separated list of flag ids ({@code image-phkh,attestation-phkh}); the nonce
     * flag is always added, because a request without a nonce is not fresh.
     *
     * @throws IllegalArgumentException naming the known ids when one is unknown
     */
    public static Set<AttestationFlags> parseList(String list) {
        Set<AttestationFlags> set = EnumSet.of(NONCE);
        for (String part : list.split(",")) {
            String want = part.trim().toLowerCase(Locale.ROOT);
            if (want.isEmpty()) {
                continue;
            }
            set.add(byId(want));
        }
        return set;
    }

    private static AttestationFlags byId(String id) {
        List<String> known = new ArrayList<>();
        for (AttestationFlags f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
            known.add(f.id);
        }
        throw new IllegalArgumentException("unknown SE attestation flag '" + id + "'; known: " + String.join(", ", known));
    }
}
