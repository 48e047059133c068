package io.tee4j.snp.abi;


/**
 * The platform information word of a report (offset 0x40): platform state the firmware vouches
 * for. Bits: 0 SMT enabled, 1 TSME enabled, 2 ECC memory, 3 RAPL disabled, 4 ciphertext hiding
 * for DRAM enabled, 5 alias check complete (BadRAM mitigation, AMD-SB-3015), 6 defined by newer
 * firmware (set on real Turin reports; meaning not yet public, kept as is), 7 TIO enabled.
 *
 * <p>Unknown bits are kept, never fatal when parsing: only a policy that restricts platform bits
 * ({@code SnpPolicyBuilder#allowedPlatformInfoBits(long)}) rejects them.
 *
 * @since 0.1
 */
public final class PlatformInfo {
    /** Bits 0..5 and 7, whose meaning is published. */
    public static final long KNOWN_BITS = 0xBFL;

    private final long raw;

    private PlatformInfo(long raw) {
        this.raw = raw;
    }

    public static PlatformInfo of(long raw) {
        return new PlatformInfo(raw);
    }

    public long raw() {
        return raw;
    }

    private boolean bit(int i) {
        return (raw >>> i & 1) != 0;
    }

    public boolean smtEnabled() {
        return bit(0);
    }

    public boolean tsmeEnabled() {
        return bit(1);
    }

    public boolean eccEnabled() {
        return bit(2);
    }

    public boolean raplDisabled() {
        return bit(3);
    }

    public boolean ciphertextHidingEnabled() {
        return bit(4);
    }

    public boolean aliasCheckComplete() {
        return bit(5);
    }

    public boolean tioEnabled() {
        return bit(7);
    }

    /** Set bits whose meaning is not published (bit 6 and bits 8..63). */
    public long unknownBits() {
        return raw & ~KNOWN_BITS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlatformInfo && ((PlatformInfo) o).raw == raw;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(raw);
    }

    @Override
    public String toString() {
        return String.format("PlatformInfo[0x%x]", raw);
    }
}
