package io.tee4j.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;

/**
 * A variable-time fixed-base comb for one P-256 point P on Bouncy Castle's raw 32-bit field words.
 * A scalar's bits are cut into {@code blocks} blocks of {@code teeth * SPACING} bits; block b is
 * covered by a comb of {@code teeth} teeth, {@code 2^teeth - 1} affine points {@code T_b[j] = sum
 * of 2^(o_b + SPACING * k) * P over the set bits k of j} (o_b the block's first bit). So {@code u*P}
 * costs {@value #SPACING} doublings, shared by every comb {@link P256KeptKeyEcdsa} interleaves, and
 * at most {@code blocks * SPACING} mixed additions.
 *
 * <p>Geometry: the generator's comb, built once and shared, is wide ({@link #generatorOf}: 12 teeth,
 * 2 blocks, 22 additions, 2 x 4,095 points, 512 KB); a kept key's is bounded ({@link #keyOf}: 8
 * teeth, 3 blocks, 33 additions, 3 x 255 points, 48 KB, built in about 1.3 ms of CPU, about 25
 * verifications; the generator's takes about 90 ms once per JVM). Coordinates lie in two flat {@code int[]}s,
 * entry j of block b at word {@code (b * 2^teeth + j) * 8}. No entry is the point at infinity: each
 * multiplier is {@code 2^o_b * m} with {@code 0 < m < 2^(teeth * SPACING) < n}, and n is an odd prime.
 *
 * <p><b>Variable time, for public inputs only.</b> The table index is the scalar's bits, used
 * directly as an array index, and an all-zero column skips its addition: the time and the memory
 * access pattern depend on the scalar. That is harmless for ECDSA <em>verification</em>, whose
 * scalars are computed from the public signature and message, and unacceptable for any secret
 * scalar: never use this class for signing, key agreement or key generation.
 */
final class P256Comb {
    /** Doublings per product: the columns of every block's comb. */
    static final int SPACING = 11;
    /** Words of a scalar as {@link #addColumn} reads it: 256 bits and zero words up to bit 288. */
    static final int SCALAR_WORDS = 9;

    private final int teeth;
    private final int blocks;
    private final int[] xs;
    private final int[] ys;

    private P256Comb(int teeth, int blocks, int[] xs, int[] ys) {
        this.teeth = teeth;
        this.blocks = blocks;
        this.xs = xs;
        this.ys = ys;
    }

    /** The generator's comb: 12 teeth, 2 blocks (264 bits). */
    static P256Comb generatorOf(ECPoint g) {
        return of(g, 12, 2);
    }

    /** A kept key's comb: 8 teeth, 3 blocks (264 bits). */
    static P256Comb keyOf(ECPoint q) {
        return of(q, 8, 3);
    }

    /**
     * The comb of a valid P-256 point (on Bouncy Castle's custom curve, not the point at infinity),
     * built once with Bouncy Castle's point arithmetic and one batched inversion.
     */
    static P256Comb of(ECPoint p, int teeth, int blocks) {
        int entries = 1 << teeth;
        ECPoint[] all = new ECPoint[blocks * entries];
        ECPoint[] rows = new ECPoint[teeth];
        ECPoint base = p.normalize();
        for (int block = 0; block < blocks; block++) {
            rows[0] = base;
            for (int k = 1; k < teeth; k++) {
                rows[k] = rows[k - 1].timesPow2(SPACING);
            }
            int first = block * entries;
            all[first] = p.getCurve().getInfinity();
            for (int j = 1; j < entries; j++) {
                int rest = j & (j - 1);
                ECPoint row = rows[Integer.numberOfTrailingZeros(j)];
                all[first + j] = rest == 0 ? row : all[first + rest].add(row);
            }
            base = rows[teeth - 1].timesPow2(SPACING);
        }
        // One batched inversion makes every entry affine (Z = 1), the operand mixed addition wants.
        p.getCurve().normalizeAll(all);
        int[] xs = new int[all.length * 8];
        int[] ys = new int[all.length * 8];
        for (int i = 0; i < all.length; i++) {
            if (i % entries != 0) {
                copy(all[i].getAffineXCoord().toBigInteger(), xs, i * 8);
                copy(all[i].getAffineYCoord().toBigInteger(), ys, i * 8);
            }
        }
        return new P256Comb(teeth, blocks, xs, ys);
    }

    private static void copy(BigInteger coordinate, int[] out, int at) {
        System.arraycopy(SecP256R1Field.fromBigInteger(coordinate), 0, out, at, 8);
    }

    /**
     * Adds, for every block, column {@code column}'s entry of {@code scalar} ({@value #SCALAR_WORDS}
     * little-endian words, the last zero) to {@code acc}; nothing for an all-zero column.
     */
    void addColumn(P256Points acc, int[] scalar, int column) {
        int teeth = this.teeth;
        for (int block = 0; block < blocks; block++) {
            int index = 0;
            int bit = (block * teeth + teeth - 1) * SPACING + column;
            for (int k = teeth - 1; k >= 0; k--, bit -= SPACING) {
                index = (index << 1) | ((scalar[bit >>> 5] >>> bit) & 1);
            }
            if (index != 0) {
                acc.addAffine(xs, ys, ((block << teeth) + index) * 8);
            }
        }
    }
}
