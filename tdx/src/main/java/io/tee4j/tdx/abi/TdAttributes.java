package io.tee4j.tdx.abi;

import java.util.ArrayList;
import java.util.List;

/**
 * The 64-bit TD attributes (TDATTRIBUTES) of a TD, decoded. Bit 0 is DEBUG (the host can read
 * and write the TD's memory and state); bit 28 SEPT_VE_DISABLE; bit 29 migratable; bit 30 PKS;
 * bit 31 KL; bit 63 PERFMON. Other bits are reported by number.
 *
 * <p>A value type: no verification is implied by holding one.
 *
 * @since 0.1
 */
public final class TdAttributes {
    /** DEBUG, bit 0. */
    public static final long DEBUG = 1L;
    /** SEPT_VE_DISABLE, bit 28. */
    public static final long SEPT_VE_DISABLE = 1L << 28;
    /** MIGRATABLE, bit 29. */
    public static final long MIGRATABLE = 1L << 29;
    /** PKS, bit 30. */
    public static final long PKS = 1L << 30;
    /** KL, bit 31. */
    public static final long KL = 1L << 31;
    /** PERFMON, bit 63. */
    public static final long PERFMON = 1L << 63;

    private final long value;

    private TdAttributes(long value) {
        this.value = value;
    }

    /** The attributes with the given bit pattern (the little-endian u64 of the quote). */
    public static TdAttributes of(long value) {
        return new TdAttributes(value);
    }

    /** The raw 64-bit value. */
    public long value() {
        return value;
    }

    /** Whether the TD runs in debug mode (bit 0). */
    public boolean debug() {
        return (value & DEBUG) != 0;
    }

    public boolean septVeDisable() {
        return (value & SEPT_VE_DISABLE) != 0;
    }

    public boolean migratable() {
        return (value & MIGRATABLE) != 0;
    }

    public boolean pks() {
        return (value & PKS) != 0;
    }

    public boolean keyLocker() {
        return (value & KL) != 0;
    }

    public boolean perfmon() {
        return (value & PERFMON) != 0;
    }

    /** Names of the set bits, e.g. {@code [SEPT_VE_DISABLE, bit 4]}. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((value >>> bit & 1) == 0) {
                continue;
            }
            switch (bit) {
                case 0: out.add("DEBUG"); break;
                case 28: out.add("SEPT_VE_DISABLE"); break;
                case 29: out.add("MIGRATABLE"); break;
                case 30: out.add("PKS"); break;
                case 31: out.add("KL"); break;
                case 63: out.add("PERFMON"); break;
                default: out.add("bit " + bit);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TdAttributes && ((TdAttributes) o).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("TdAttributes[0x%016x %s]", value, names());
    }
}
