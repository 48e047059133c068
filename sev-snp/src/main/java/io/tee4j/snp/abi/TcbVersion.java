package io.tee4j.snp.abi;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A 64-bit SNP {@code TCB_VERSION} together with the layout it was decoded in (see
 * {@link TcbLayout}). The raw value is kept exactly; the components are read from it.
 *
 * @since 0.1
 */
public final class TcbVersion {
    private final long raw;
    private final TcbLayout layout;

    private TcbVersion(long raw, TcbLayout layout) {
        this.raw = raw;
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /** The TCB version {@code raw} read in {@code layout}. */
    public static TcbVersion of(long raw, TcbLayout layout) {
        return new TcbVersion(raw, layout);
    }

    /**
     * Packs components into a TCB version of the given layout (the reserved bytes zero; a non-zero
     * {@code fmc} is refused for the Milan/Genoa layout, which has no FMC byte).
     */
    public static TcbVersion fromComponents(TcbLayout layout, TcbComponents c) {
        Objects.requireNonNull(c, "components");
        long raw;
        if (layout == TcbLayout.TURIN) {
            raw = (long) c.fmc() | (long) c.bootloader() << 8 | (long) c.tee() << 16 | (long) c.snp() << 24
                    | (long) c.microcode() << 56;
        } else {
            if (c.fmc() != 0) {
                throw new IllegalArgumentException("the Milan/Genoa TCB layout has no FMC SPL");
            }
            raw = (long) c.bootloader() | (long) c.tee() << 8 | (long) c.snp() << 48 | (long) c.microcode() << 56;
        }
        return new TcbVersion(raw, layout);
    }

    /** The 64-bit value as stored in the report. */
    public long raw() {
        return raw;
    }

    public TcbLayout layout() {
        return layout;
    }

    private int b(int i) {
        return (int) (raw >>> (8 * i)) & 0xFF;
    }

    /** The FMC SPL (Turin layout); 0 in the Milan/Genoa layout. */
    public int fmc() {
        return layout == TcbLayout.TURIN ? b(0) : 0;
    }

    public int bootloader() {
        return layout == TcbLayout.TURIN ? b(1) : b(0);
    }

    public int tee() {
        return layout == TcbLayout.TURIN ? b(2) : b(1);
    }

    public int snp() {
        return layout == TcbLayout.TURIN ? b(3) : b(6);
    }

    public int microcode() {
        return b(7);
    }

    /**
     * The reserved bytes in this layout (bytes 2..5 for Milan/Genoa, where the VCEK calls them SPL
     * 4..7; bytes 4..6 for Turin), in byte order.
     */
    public int[] reservedBytes() {
        return layout == TcbLayout.TURIN ? new int[] {b(4), b(5), b(6)} : new int[] {b(2), b(3), b(4), b(5)};
    }

    /** The named components. */
    public TcbComponents components() {
        return new TcbComponents(fmc(), bootloader(), tee(), snp(), microcode());
    }

    /** Whether every component is at least the minimum's. */
    public boolean atLeast(TcbComponents minimum) {
        return components().atLeast(minimum);
    }

    /** {@code 0x...} hex of the raw value. */
    public String hex() {
        // What String.format("0x%016x") gives, without parsing a format on every claims rendering.
        return "0x" + HexFormat.of().toHexDigits(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcbVersion && ((TcbVersion) o).raw == raw && ((TcbVersion) o).layout == layout;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(raw) * 31 + layout.hashCode();
    }

    @Override
    public String toString() {
        return hex() + " (" + components() + ", " + layout + " layout)";
    }

    /**
     * Whether every one of the eight bytes is at most the same byte of {@code other}, the
     * component-wise order go-sev-guest's {@code TCBPartsLE} uses (reserved bytes included).
     */
    public boolean atMostInEveryByte(TcbVersion other) {
        for (int i = 0; i < 8; i++) {
            if ((raw() >>> (8 * i) & 0xFF) > (other.raw() >>> (8 * i) & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this is at most {@code other} in every byte and differs from it: strictly below. */
    public boolean belowInEveryByte(TcbVersion other) {
        return atMostInEveryByte(other) && raw() != other.raw();
    }
}
