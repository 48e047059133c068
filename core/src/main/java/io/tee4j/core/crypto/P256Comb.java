package io.tee4j.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;

/**
 * A variable-time fixed-base comb for one P-256 point P on Bouncy Castle's raw 32-bit field words:
 * the 256-bit scalar is cut into two blocks of 128 bits, each covered by an eight-tooth comb of
 * spacing 16 (255 affine points {@code T_b[j] = sum of 2^(128b + 16k) * P over the set bits k of j}).
 * So {@code u*P} costs 16 shared doublings and at most 32 mixed additions, half the doublings of a
 * single comb; {@link P256KeptKeyEcdsa} interleaves the generator's comb and a kept key's.
 *
 * <p><b>Memory.</b> Coordinates lie in two flat {@code int[]} arrays, entry j of block b at word
 * {@code (256b + j) * 8}: 2 x 4,096 words, about 32 KB per point (Bouncy Castle point objects
 * measured 41 KB for half the entries). No entry is the point at infinity: each multiplier is
 * {@code 2^(128b) * m} with {@code 0 < m < 2^128}, not a multiple of the prime order n.
 *
 * <p><b>Variable time, for public inputs only.</b> The table index is the scalar's bits, used
 * directly as an array index, and an all-zero column skips its addition: the time and the memory
 * access pattern depend on the scalar. That is harmless for ECDSA <em>verification</em>, whose
 * scalars are computed from the public signature and message, and unacceptable for any secret
 * scalar: never use this class for signing, key agreement or key generation.
 */
final class P256Comb {
    /** Doublings per product: the columns of each block's comb. */
    static final int SPACING = 16;
    private static final int BLOCKS = 2;
    private static final int BLOCK_BITS = 128;
    private static final int ENTRIES = 1 << FixedBaseComb.TEETH;

    private final int[] xs;
    private final int[] ys;

    private P256Comb(int[] xs, int[] ys) {
        this.xs = xs;
        this.ys = ys;
    }

    /**
     * The comb of a valid P-256 point (on Bouncy Castle's custom curve, not the point at infinity).
     * Built once per point with Bouncy Castle's point arithmetic: the table of each block is {@link
     * FixedBaseComb}'s for 128-bit scalars, of P and of {@code 2^128 * P}.
     */
    static P256Comb of(ECPoint p) {
        int[] xs = new int[BLOCKS * ENTRIES * 8];
        int[] ys = new int[BLOCKS * ENTRIES * 8];
        ECPoint base = p.normalize();
        for (int block = 0; block < BLOCKS; block++) {
            FixedBaseComb comb = FixedBaseComb.of(base, BLOCK_BITS);
            for (int j = 1; j < ENTRIES; j++) {
                ECPoint e = comb.entry(j);
                int at = (block * ENTRIES + j) * 8;
                copy(e.getAffineXCoord().toBigInteger(), xs, at);
                copy(e.getAffineYCoord().toBigInteger(), ys, at);
            }
            base = base.timesPow2(BLOCK_BITS).normalize();
        }
        return new P256Comb(xs, ys);
    }

    private static void copy(BigInteger coordinate, int[] out, int at) {
        System.arraycopy(SecP256R1Field.fromBigInteger(coordinate), 0, out, at, 8);
    }

    /**
     * The table index of column {@code column} of block {@code block} of a scalar given as eight
     * little-endian words: tooth k is bit {@code 128 * block + 16 * k + column}.
     */
    static int index(int[] scalar, int block, int column) {
        int index = 0;
        int word = 4 * block;
        for (int k = FixedBaseComb.TEETH - 1; k >= 0; k--) {
            int bit = (scalar[word + (k >>> 1)] >>> (((k & 1) << 4) + column)) & 1;
            index = (index << 1) | bit;
        }
        return index;
    }

    /**
     * Adds, for both blocks, column {@code column}'s entry of {@code scalar} to {@code acc}
     * (nothing for an all-zero column).
     */
    void addColumn(P256Points acc, int[] scalar, int column) {
        for (int block = 0; block < BLOCKS; block++) {
            int j = index(scalar, block, column);
            if (j != 0) {
                int at = (block * ENTRIES + j) * 8;
                acc.addAffine(xs, ys, at);
            }
        }
    }
}
