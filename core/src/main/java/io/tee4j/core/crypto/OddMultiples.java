package io.tee4j.core.crypto;

import org.bouncycastle.math.ec.ECPoint;

/**
 * The odd multiples {@code Q, 3Q, ..., (2^(w-1) - 1)Q} of one point, affine, with their negations:
 * the table a width-w NAF of a scalar indexes into (digit d adds {@code dQ}). Built per verification
 * for a key without comb tables: one doubling, {@code 2^(w-2) - 1} mixed additions and one batched
 * inversion.
 *
 * <p><b>Variable time, for public inputs only</b> (ECDSA verification).
 */
final class OddMultiples {
    private final long[][] xs;
    private final long[][] ys;
    private final long[][] negatedYs;

    private OddMultiples(long[][] xs, long[][] ys, long[][] negatedYs) {
        this.xs = xs;
        this.ys = ys;
        this.negatedYs = negatedYs;
    }

    /** The table of the affine point {@code q} (normalized, not the point at infinity) for width w. */
    static OddMultiples of(MontgomeryField f, ECPoint q, int width) {
        int count = 1 << (width - 2);
        long[] qx = f.fromBigInteger(q.getAffineXCoord().toBigInteger());
        long[] qy = f.fromBigInteger(q.getAffineYCoord().toBigInteger());
        // 2Q made affine (one inversion), then Q + 2Q + 2Q ... by mixed additions, then one batched
        // inversion for all of them.
        JacobianPoints acc = new JacobianPoints(f);
        acc.setAffine(qx, qy);
        acc.twice();
        long[] inverse = f.newElement();
        f.invert(acc.z, inverse);
        long[] twoX = f.newElement();
        long[] twoY = f.newElement();
        JacobianPoints.toAffine(f, acc, inverse, twoX, twoY);
        long[][] xs = new long[count][];
        long[][] ys = new long[count][];
        long[][] zs = new long[count][];
        xs[0] = qx;
        ys[0] = qy;
        acc.setAffine(qx, qy);
        for (int i = 1; i < count; i++) {
            acc.addAffine(twoX, twoY);
            xs[i] = acc.x.clone();
            ys[i] = acc.y.clone();
            zs[i] = acc.z.clone();
        }
        JacobianPoints.normalizeAll(f, xs, ys, zs);
        long[][] negatedYs = new long[count][];
        long[] zero = f.newElement();
        for (int i = 0; i < count; i++) {
            negatedYs[i] = f.newElement();
            f.subtract(zero, ys[i], negatedYs[i]);
        }
        return new OddMultiples(xs, ys, negatedYs);
    }

    /** Adds {@code digit * Q} (digit odd, |digit| below {@code 2^(w-1)}) to {@code acc}. */
    void add(JacobianPoints acc, int digit) {
        int i = Math.abs(digit) >>> 1;
        acc.addAffine(xs[i], digit > 0 ? ys[i] : negatedYs[i]);
    }
}
