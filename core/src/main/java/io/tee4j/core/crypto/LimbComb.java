package io.tee4j.core.crypto;

/**
 * The P-384 counterpart of {@link FixedBaseComb} on this package's 64-bit limbs: a variable-time
 * fixed-base comb table for one curve point P with t teeth (10 for a kept key: 1,023 points; 12 for
 * the generator once a process verifies often: 4,095 points), precomputed affine points {@code
 * T[j] = sum of 2^(spacing*k) * P over the set bits k of j}, held as {@link MontgomeryField}
 * elements.
 *
 * <p>A scalar of up to {@code t * spacing} bits is cut into t rows of {@code spacing} bits;
 * column c's t bits form the table index, so {@code u*P} is {@code spacing} doublings and at
 * most {@code spacing} mixed additions of affine points ({@link JacobianPoints}). {@link
 * KeptKeyEcdsa} and {@link FastEcdsa} interleave tables so the doublings are shared; combs of
 * different spacings interleave too (the narrower one adds only in its own last columns). No entry
 * is the point at infinity: every entry's multiplier is below {@code 2^(t*spacing - spacing + 1)},
 * less than the (prime) group order.
 *
 * <p><b>Variable time, for public inputs only.</b> The table index is the scalar's bits, used
 * directly as an array index, and an all-zero column skips its addition: the time and the memory
 * access pattern depend on the scalar. That is harmless for ECDSA <em>verification</em>, whose
 * scalars are computed from the public signature and message, and unacceptable for any secret
 * scalar: never use this class for signing, key agreement or key generation.
 */
final class LimbComb {
    /**
     * The number of teeth (rows) of the generator's narrow comb; the table has {@code 2^TEETH - 1}
     * points. A kept key's comb has {@link FastEcdsa#KEPT_TEETH}.
     */
    static final int TEETH = 8;

    private final long[][] xs;
    private final long[][] ys;
    private final int spacing;
    private final int teeth;

    private LimbComb(long[][] xs, long[][] ys, int spacing, int teeth) {
        this.xs = xs;
        this.ys = ys;
        this.spacing = spacing;
        this.teeth = teeth;
    }

    /**
     * The comb of the affine point {@code (px, py)} (Montgomery form, not the point at infinity)
     * for scalars of at most {@code orderBits} bits: {@code spacing = ceil(orderBits / 8)}
     * doublings per product (32 for P-256, 48 for P-384).
     */
    static LimbComb of(MontgomeryField f, long[] px, long[] py, int orderBits) {
        return of(f, px, py, orderBits, TEETH);
    }

    /** The comb with {@code teeth} teeth: {@code spacing = ceil(orderBits / teeth)}. */
    static LimbComb of(MontgomeryField f, long[] px, long[] py, int orderBits, int teeth) {
        int spacing = (orderBits + teeth - 1) / teeth;
        int size = 1 << teeth;
        long[][] xs = new long[size][];
        long[][] ys = new long[size][];
        long[][] zs = new long[size][];
        JacobianPoints acc = new JacobianPoints(f);
        // Rows: 2^(spacing*k) P, made affine one by one (an inversion per tooth).
        xs[1] = px.clone();
        ys[1] = py.clone();
        for (int k = 1; k < teeth; k++) {
            acc.setAffine(xs[1 << (k - 1)], ys[1 << (k - 1)]);
            for (int i = 0; i < spacing; i++) {
                acc.twice();
            }
            long[] zInverse = f.newElement();
            f.invert(acc.z, zInverse);
            xs[1 << k] = f.newElement();
            ys[1 << k] = f.newElement();
            JacobianPoints.toAffine(f, acc, zInverse, xs[1 << k], ys[1 << k]);
        }
        // Every other entry: an entry with one bit fewer plus a row, in Jacobian coordinates, then one
        // batched inversion (Montgomery's trick) makes them all affine.
        for (int j = 3; j < size; j++) {
            int rest = j & (j - 1);
            if (rest == 0) {
                continue;
            }
            int low = j & -j;
            if ((rest & (rest - 1)) == 0) {
                acc.setAffine(xs[rest], ys[rest]);
            } else {
                System.arraycopy(xs[rest], 0, acc.x, 0, f.limbs());
                System.arraycopy(ys[rest], 0, acc.y, 0, f.limbs());
                System.arraycopy(zs[rest], 0, acc.z, 0, f.limbs());
            }
            acc.addAffine(xs[low], ys[low]);
            xs[j] = acc.x.clone();
            ys[j] = acc.y.clone();
            zs[j] = acc.z.clone();
        }
        JacobianPoints.normalizeAll(f, xs, ys, zs);
        return new LimbComb(xs, ys, spacing, teeth);
    }

    /** Doublings per product, the comb's column count. */
    int spacing() {
        return spacing;
    }

    /** The number of scalar bits this comb covers ({@code teeth * spacing}). */
    int scalarBits() {
        return teeth * spacing;
    }

    /**
     * The table index of column {@code column} of a scalar given as little-endian 32-bit words
     * (as {@code Nat.fromBigInteger(scalarBits(), u)} returns).
     */
    int index(int[] scalar, int column) {
        int index = 0;
        for (int k = teeth - 1; k >= 0; k--) {
            int bit = k * spacing + column;
            index = (index << 1) | ((scalar[bit >>> 5] >>> (bit & 31)) & 1);
        }
        return index;
    }

    /** Adds table entry {@code index} (not 0: callers skip the point at infinity) to {@code acc}. */
    void addEntry(JacobianPoints acc, int index) {
        acc.addAffine(xs[index], ys[index]);
    }
}
