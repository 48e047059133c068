package io.tee4j.core.crypto;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A variable-time fixed-base comb table for one curve point P: eight teeth, so 255 precomputed
 * affine points {@code T[j] = sum of 2^(spacing*k) * P over the set bits k of j}.
 *
 * <p>A scalar of up to {@code 8 * spacing} bits is cut into eight rows of {@code spacing} bits;
 * column c's eight bits form the table index, so {@code u*P} is {@code spacing} doublings and at
 * most {@code spacing} additions of affine (normalized) points, for which Bouncy Castle's custom
 * curve points use the cheaper mixed addition. {@link KeptKeyEcdsa} interleaves two tables so the
 * doublings are shared.
 *
 * <p><b>Variable time, for public inputs only.</b> The table index is the scalar's bits, used
 * directly as an array index, and an all-zero column skips its addition: the time and the memory
 * access pattern depend on the scalar. That is harmless for ECDSA <em>verification</em>, whose
 * scalars are computed from the public signature and message, and unacceptable for any secret
 * scalar: never use this class for signing, key agreement or key generation.
 */
final class FixedBaseComb {
    /** The number of teeth (rows); the table has {@code 2^TEETH - 1} points. */
    static final int TEETH = 8;

    private final ECPoint[] table;
    private final int spacing;

    private FixedBaseComb(ECPoint[] table, int spacing) {
        this.table = table;
        this.spacing = spacing;
    }

    /**
     * The comb of {@code p} for scalars of at most {@code orderBits} bits: {@code spacing =
     * ceil(orderBits / 8)} doublings per product (32 for P-256, 48 for P-384, 66 for P-521).
     */
    static FixedBaseComb of(ECPoint p, int orderBits) {
        int spacing = (orderBits + TEETH - 1) / TEETH;
        ECPoint[] rows = new ECPoint[TEETH];
        rows[0] = p.normalize();
        for (int k = 1; k < TEETH; k++) {
            ECPoint r = rows[k - 1];
            for (int i = 0; i < spacing; i++) {
                r = r.twice();
            }
            rows[k] = r;
        }
        ECPoint[] table = new ECPoint[1 << TEETH];
        table[0] = p.getCurve().getInfinity();
        for (int j = 1; j < table.length; j++) {
            int low = Integer.numberOfTrailingZeros(j);
            int rest = j & (j - 1);
            table[j] = rest == 0 ? rows[low] : table[rest].add(rows[low]);
        }
        // One batched inversion makes every entry affine (Z = 1), the operand mixed addition wants.
        p.getCurve().normalizeAll(table);
        return new FixedBaseComb(table, spacing);
    }

    /** Doublings per product, the comb's column count. */
    int spacing() {
        return spacing;
    }

    /** The number of scalar bits this comb covers ({@code 8 * spacing}). */
    int scalarBits() {
        return TEETH * spacing;
    }

    /**
     * The table index of column {@code column} of a scalar given as little-endian 32-bit words
     * (as {@code Nat.fromBigInteger(scalarBits(), u)} returns).
     */
    int index(int[] scalar, int column) {
        int index = 0;
        for (int k = TEETH - 1; k >= 0; k--) {
            int bit = k * spacing + column;
            index = (index << 1) | ((scalar[bit >>> 5] >>> (bit & 31)) & 1);
        }
        return index;
    }

    /** Table entry {@code index}; entry 0 is the point at infinity and callers skip it. */
    ECPoint entry(int index) {
        return table[index];
    }
}
