package io.tee4j.measure.cca;

/**
 * Which block sizes the realm's stage-2 translation table can map, and so how many RIPAS
 * descriptors RMI_RTT_INIT_RIPAS measures for a range: one per RTT entry, the largest block that
 * is aligned at the current address and fits. Assumes, as veraison/cca-realm-measurements does
 * for KVM, 4 KiB granules and concatenated tables at the starting level whenever it would have 16
 * or fewer entries.
 */
final class RttBlockSizes {
    private static final int PAGE_BITS = 12;
    private static final int BITS_PER_LEVEL = PAGE_BITS - 3;

    private RttBlockSizes() {
    }

    /** The block sizes as a bit mask (4 KiB, 2 MiB, 1 GiB, 512 GiB as the levels allow). */
    static long forIpaBits(int ipaBits) {
        int tableBits = ipaBits - PAGE_BITS;
        int levels = (tableBits + BITS_PER_LEVEL - 1) / BITS_PER_LEVEL;
        if (tableBits - BITS_PER_LEVEL * (levels - 1) <= 4) {
            levels--;
        }
        long sizes = 0;
        for (int level = 4 - levels; level < 4; level++) {
            sizes |= 4096L << (BITS_PER_LEVEL * (3 - level));
        }
        return sizes;
    }

    /** The largest size in {@code sizes} aligned at {@code start} that fits before {@code top}. */
    static long largestBlock(long start, long top, long sizes) {
        long candidates = sizes;
        if (start != 0) {
            candidates &= (1L << (Long.numberOfTrailingZeros(start) + 1)) - 1;
        }
        while (candidates != 0) {
            long block = Long.highestOneBit(candidates);
            if (top - start >= block) {
                return block;
            }
            candidates &= ~block;
        }
        return 4096;
    }
}
