package io.tee4j.tdx.abi;

import java.util.ArrayList;
import java.util.List;

/**
 * The extended features available to a TD (XFAM, an XCR0/IA32_XSS-style bit mask), decoded into
 * the XSAVE component names of the Intel SDM (x87, SSE, AVX, MPX BNDREGS/BNDCSR, AVX-512
 * opmask/ZMM_Hi256/Hi16_ZMM, PT, PKRU, PASID, CET_U/CET_S, HDC, UINTR, LBR, HWP, AMX
 * XTILECFG/XTILEDATA).
 *
 * <p>A value type: no verification is implied by holding one.
 *
 * @since 0.1
 */
public final class Xfam {
    private static final String[] NAMES = {
        "X87", "SSE", "AVX", "MPX_BNDREGS", "MPX_BNDCSR", "AVX512_OPMASK", "AVX512_ZMM_HI256",
        "AVX512_HI16_ZMM", "PT", "PKRU", "PASID", "CET_U", "CET_S", "HDC", "UINTR", "LBR", "HWP",
        "AMX_XTILECFG", "AMX_XTILEDATA"
    };

    private final long value;

    private Xfam(long value) {
        this.value = value;
    }

    public static Xfam of(long value) {
        return new Xfam(value);
    }

    public long value() {
        return value;
    }

    /** Whether XSAVE component {@code bit} is enabled. */
    public boolean has(int bit) {
        return bit >= 0 && bit < 64 && (value >>> bit & 1) != 0;
    }

    /** Names of the enabled components, in bit order; unknown bits as {@code bit N}. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((value >>> bit & 1) != 0) {
                out.add(bit < NAMES.length ? NAMES[bit] : "bit " + bit);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xfam && ((Xfam) o).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("Xfam[0x%016x %s]", value, names());
    }
}
