package io.tee4j.core.crypto;

import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * P-256 point arithmetic on Bouncy Castle's raw field functions ({@code SecP256R1Field}: eight
 * 32-bit words, fully reduced): an accumulator in Jacobian coordinates ({@code x = X/Z^2, y =
 * Y/Z^3}, the point at infinity has {@code Z = 0}) that is doubled and has affine points added to
 * it, with every temporary, including the double-width product buffer Bouncy Castle's multiply
 * would otherwise allocate per call, owned by the instance. So a verification's inner loop
 * allocates nothing; an instance is not thread-safe.
 *
 * <p>Formulas (Explicit-Formulas Database), as {@link JacobianPoints} uses them for P-384: doubling
 * "dbl-2001-b" for {@code a = -3} (3M + 5S), mixed addition "madd-2007-bl" (7M + 4S). Mixed addition
 * handles every special case itself, because a verifier that got one wrong would accept what it
 * should not: the accumulator at infinity (the result is the added point), the added point equal to
 * the accumulator (its double) and its negation (the point at infinity). The added point is never
 * the point at infinity: callers skip those additions.
 *
 * <p><b>Variable time, for public inputs only</b> (ECDSA verification): never for secret scalars.
 */
final class P256Points {
    /** The field prime p, little-endian words. */
    private static final int[] P = {
        0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF};

    final int[] x = Nat256.create();
    final int[] y = Nat256.create();
    final int[] z = Nat256.create();
    private final int[] t0 = Nat256.create();
    private final int[] t1 = Nat256.create();
    private final int[] t2 = Nat256.create();
    private final int[] t3 = Nat256.create();
    private final int[] t4 = Nat256.create();
    private final int[] t5 = Nat256.create();
    /** The double-width product buffer of every multiply and square. */
    private final int[] tt = Nat256.createExt();

    /** Sets the accumulator to the point at infinity. */
    void setInfinity() {
        Nat256.zero(x);
        Nat256.zero(y);
        Nat256.zero(z);
    }

    /** Sets the accumulator to the affine point stored at {@code offset} of {@code xs} and {@code ys}. */
    void setAffine(int[] xs, int[] ys, int offset) {
        System.arraycopy(xs, offset, x, 0, 8);
        System.arraycopy(ys, offset, y, 0, 8);
        Nat256.zero(z);
        z[0] = 1;
    }

    /** Whether the accumulator is the point at infinity. */
    boolean isInfinity() {
        return Nat256.isZero(z);
    }

    /** Doubles the accumulator (the point at infinity stays there: Z3 = 0 when Z = 0). */
    void twice() {
        int[] tt = this.tt;
        SecP256R1Field.square(z, t0, tt);          // delta = Z^2
        SecP256R1Field.square(y, t1, tt);          // gamma = Y^2
        SecP256R1Field.multiply(x, t1, t2, tt);    // beta = X * gamma
        SecP256R1Field.subtract(x, t0, t3);
        SecP256R1Field.add(x, t0, t4);
        SecP256R1Field.multiply(t3, t4, t3, tt);   // (X - delta)(X + delta)
        SecP256R1Field.twice(t3, t4);
        SecP256R1Field.add(t4, t3, t3);            // alpha = 3 (X - delta)(X + delta)
        SecP256R1Field.add(y, z, z);
        SecP256R1Field.square(z, z, tt);
        SecP256R1Field.subtract(z, t1, z);
        SecP256R1Field.subtract(z, t0, z);         // Z3 = (Y + Z)^2 - gamma - delta
        SecP256R1Field.twice(t2, t2);
        SecP256R1Field.twice(t2, t2);              // 4 beta
        SecP256R1Field.square(t3, x, tt);
        SecP256R1Field.subtract(x, t2, x);
        SecP256R1Field.subtract(x, t2, x);         // X3 = alpha^2 - 8 beta
        SecP256R1Field.subtract(t2, x, t2);
        SecP256R1Field.multiply(t3, t2, y, tt);    // alpha (4 beta - X3)
        SecP256R1Field.square(t1, t1, tt);
        SecP256R1Field.twice(t1, t1);
        SecP256R1Field.twice(t1, t1);
        SecP256R1Field.twice(t1, t1);              // 8 gamma^2
        SecP256R1Field.subtract(y, t1, y);         // Y3
    }

    /**
     * Adds the affine point stored at {@code offset} of {@code xs} and {@code ys} (not the point at
     * infinity) to the accumulator.
     */
    void addAffine(int[] xs, int[] ys, int offset) {
        if (Nat256.isZero(z)) {
            setAffine(xs, ys, offset);
            return;
        }
        int[] tt = this.tt;
        SecP256R1Field.square(z, t0, tt);          // Z1Z1
        multiplyAt(xs, offset, t0, t1);            // U2 = x2 * Z1Z1
        SecP256R1Field.multiply(z, t0, t2, tt);
        multiplyAt(ys, offset, t2, t2);            // S2 = y2 * Z1 * Z1Z1
        SecP256R1Field.subtract(t1, x, t1);        // H = U2 - X1
        SecP256R1Field.subtract(t2, y, t2);        // S2 - Y1
        if (Nat256.isZero(t1)) {
            if (Nat256.isZero(t2)) {
                twice();                           // the same point: its double
            } else {
                setInfinity();                     // its negation: P + (-P)
            }
            return;
        }
        SecP256R1Field.twice(t2, t2);              // r = 2 (S2 - Y1)
        SecP256R1Field.square(t1, t3, tt);         // HH
        SecP256R1Field.add(z, t1, z);
        SecP256R1Field.square(z, z, tt);
        SecP256R1Field.subtract(z, t0, z);
        SecP256R1Field.subtract(z, t3, z);         // Z3 = (Z1 + H)^2 - Z1Z1 - HH
        SecP256R1Field.twice(t3, t3);
        SecP256R1Field.twice(t3, t3);              // I = 4 HH
        SecP256R1Field.multiply(t1, t3, t4, tt);   // J = H * I
        SecP256R1Field.multiply(x, t3, t5, tt);    // V = X1 * I
        SecP256R1Field.square(t2, x, tt);
        SecP256R1Field.subtract(x, t4, x);
        SecP256R1Field.subtract(x, t5, x);
        SecP256R1Field.subtract(x, t5, x);         // X3 = r^2 - J - 2V
        SecP256R1Field.subtract(t5, x, t5);
        SecP256R1Field.multiply(t2, t5, t5, tt);   // r (V - X3)
        SecP256R1Field.multiply(y, t4, y, tt);
        SecP256R1Field.twice(y, y);                // 2 Y1 J
        SecP256R1Field.subtract(t5, y, y);         // Y3
    }

    /** {@code out = table[offset..offset+8) * b}: a product with a table entry where it lies. */
    private void multiplyAt(int[] table, int offset, int[] b, int[] out) {
        Nat256.mul(table, offset, b, 0, tt, 0);
        SecP256R1Field.reduce(tt, out);
    }

    /**
     * Whether the accumulator is not the point at infinity and its x coordinate, reduced mod n,
     * equals r (in [1, n-1]), without inverting Z: with x = X/Z^2 the candidates x = r and, while
     * {@code r + n < p}, x = r + n are compared as {@code r * Z^2 == X}.
     */
    boolean xMatches(int[] r) {
        if (isInfinity()) {
            return false;
        }
        SecP256R1Field.square(z, t0, tt);
        SecP256R1Field.multiply(r, t0, t1, tt);
        if (Nat256.eq(t1, x)) {
            return true;
        }
        // r + n, when it does not wrap around 2^256 and stays below p: only r < p - n qualifies.
        if (Nat256.add(r, P256Scalars.N, t2) != 0 || Nat256.gte(t2, P)) {
            return false;
        }
        SecP256R1Field.multiply(t2, t0, t1, tt);
        return Nat256.eq(t1, x);
    }
}
