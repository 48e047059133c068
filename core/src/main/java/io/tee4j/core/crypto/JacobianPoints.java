package io.tee4j.core.crypto;

import java.util.Arrays;

/**
 * Point arithmetic on a short Weierstrass curve with {@code a = -3} (P-256, P-384) over a {@link
 * MontgomeryField}: an accumulator in Jacobian coordinates ({@code x = X/Z^2, y = Y/Z^3}, the point
 * at infinity has {@code Z = 0}) that is doubled and has affine points added to it. One instance
 * owns its accumulator and temporaries, so a verification allocates once and its inner loop not at
 * all; an instance is not thread-safe.
 *
 * <p>Formulas (Explicit-Formulas Database): doubling "dbl-2001-b" (3M + 5S), mixed addition
 * "madd-2007-bl" (7M + 4S). Mixed addition handles every special case itself, because a verifier
 * that got one wrong would accept what it should not: the accumulator at infinity (the result is
 * the added point), the added point equal to the accumulator (the result is its double) and its
 * negation (the result is the point at infinity). The added point is never the point at infinity:
 * callers skip those additions.
 *
 * <p><b>Variable time, for public inputs only</b> (ECDSA verification): never for secret scalars.
 */
final class JacobianPoints {
    private final MontgomeryField f;
    final long[] x;
    final long[] y;
    final long[] z;
    private final long[] t0;
    private final long[] t1;
    private final long[] t2;
    private final long[] t3;
    private final long[] t4;
    private final long[] t5;

    JacobianPoints(MontgomeryField field) {
        this.f = field;
        this.x = field.newElement();
        this.y = field.newElement();
        this.z = field.newElement();
        this.t0 = field.newElement();
        this.t1 = field.newElement();
        this.t2 = field.newElement();
        this.t3 = field.newElement();
        this.t4 = field.newElement();
        this.t5 = field.newElement();
    }

    /** The field the coordinates live in. */
    MontgomeryField field() {
        return f;
    }

    /** Sets the accumulator to the point at infinity. */
    void setInfinity() {
        Arrays.fill(x, 0);
        Arrays.fill(y, 0);
        Arrays.fill(z, 0);
    }

    /** Sets the accumulator to the affine point (ax, ay). */
    void setAffine(long[] ax, long[] ay) {
        System.arraycopy(ax, 0, x, 0, ax.length);
        System.arraycopy(ay, 0, y, 0, ay.length);
        f.setOne(z);
    }

    /** Whether the accumulator is the point at infinity. */
    boolean isInfinity() {
        return f.isZero(z);
    }

    /** Doubles the accumulator (the point at infinity stays there: Z3 = 0 when Z = 0). */
    void twice() {
        MontgomeryField f = this.f;
        f.square(z, t0);            // delta = Z^2
        f.square(y, t1);            // gamma = Y^2
        f.mul(x, t1, t2);           // beta = X * gamma
        f.subtract(x, t0, t3);
        f.addLazy(x, t0, t4);       // lazy sums (below 8p) feed only mul and square
        f.mul(t3, t4, t3);          // (X - delta)(X + delta)
        f.addLazy(t3, t3, t4);
        f.addLazy(t4, t3, t3);      // alpha = 3 (X - delta)(X + delta), below 6p
        f.addLazy(y, z, z);
        f.square(z, z);
        f.subtract(z, t1, z);
        f.subtract(z, t0, z);       // Z3 = (Y + Z)^2 - gamma - delta
        f.shiftLeft(t2, 2, t2);     // 4 beta
        f.square(t3, x);
        f.subtract(x, t2, x);
        f.subtract(x, t2, x);       // X3 = alpha^2 - 8 beta
        f.subtract(t2, x, t2);
        f.mul(t3, t2, y);           // alpha (4 beta - X3)
        f.square(t1, t1);
        f.shiftLeft(t1, 3, t1);     // 8 gamma^2
        f.subtract(y, t1, y);       // Y3
    }

    /** Adds the affine point (ax, ay), which is not the point at infinity, to the accumulator. */
    void addAffine(long[] ax, long[] ay) {
        MontgomeryField f = this.f;
        if (f.isZero(z)) {
            setAffine(ax, ay);
            return;
        }
        f.square(z, t0);            // Z1Z1
        f.mul(ax, t0, t1);          // U2 = x2 * Z1Z1
        f.mul(z, t0, t2);
        f.mul(ay, t2, t2);          // S2 = y2 * Z1 * Z1Z1
        f.subtract(t1, x, t1);      // H = U2 - X1
        f.subtract(t2, y, t2);      // S2 - Y1
        if (f.isZero(t1)) {
            if (f.isZero(t2)) {
                twice();            // the same point: its double
            } else {
                setInfinity();      // its negation: P + (-P)
            }
            return;
        }
        f.addLazy(t2, t2, t2);      // r = 2 (S2 - Y1), read by square and mul only
        f.square(t1, t3);           // HH
        f.addLazy(z, t1, z);
        f.square(z, z);
        f.subtract(z, t0, z);
        f.subtract(z, t3, z);       // Z3 = (Z1 + H)^2 - Z1Z1 - HH
        f.shiftLeft(t3, 2, t3);     // I = 4 HH
        f.mul(t1, t3, t4);          // J = H * I
        f.mul(x, t3, t5);           // V = X1 * I
        f.square(t2, x);
        f.subtract(x, t4, x);
        f.subtract(x, t5, x);
        f.subtract(x, t5, x);       // X3 = r^2 - J - 2V
        f.subtract(t5, x, t5);
        f.mul(t2, t5, t5);          // r (V - X3)
        f.mul(y, t4, y);
        f.add(y, y, y);             // 2 Y1 J
        f.subtract(t5, y, y);       // Y3
    }

    /**
     * Makes the Jacobian points {@code (xs[j], ys[j], zs[j])} affine in place with one inversion
     * (Montgomery's trick); entries whose {@code zs[j]} is null are affine already and stay. No
     * point may be the point at infinity.
     */
    static void normalizeAll(MontgomeryField f, long[][] xs, long[][] ys, long[][] zs) {
        JacobianPoints acc = new JacobianPoints(f);
        int size = xs.length;
        long[][] prefix = new long[size][];
        long[] running = f.newElement();
        f.setOne(running);
        for (int j = 1; j < size; j++) {
            if (zs[j] != null) {
                f.mul(running, zs[j], running);
                prefix[j] = running.clone();
            }
        }
        long[] inverse = f.newElement();
        f.invert(running, inverse);
        long[] zInverse = f.newElement();
        for (int j = size - 1; j > 0; j--) {
            if (zs[j] == null) {
                continue;
            }
            int previous = j - 1;
            while (previous > 0 && zs[previous] == null) {
                previous--;
            }
            if (previous > 0) {
                f.mul(inverse, prefix[previous], zInverse);
                f.mul(inverse, zs[j], inverse);
            } else {
                System.arraycopy(inverse, 0, zInverse, 0, f.limbs());
            }
            System.arraycopy(xs[j], 0, acc.x, 0, f.limbs());
            System.arraycopy(ys[j], 0, acc.y, 0, f.limbs());
            toAffine(f, acc, zInverse, xs[j], ys[j]);
        }
    }

    /** Writes the affine coordinates of the accumulator, given {@code 1/Z}. */
    static void toAffine(MontgomeryField f, JacobianPoints acc, long[] zInverse, long[] ax, long[] ay) {
        long[] zz = f.newElement();
        f.square(zInverse, zz);
        f.mul(acc.x, zz, ax);
        f.mul(zz, zInverse, zz);
        f.mul(acc.y, zz, ay);
    }
}
