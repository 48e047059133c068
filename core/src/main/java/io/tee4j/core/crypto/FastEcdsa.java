package io.tee4j.core.crypto;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.WNafUtil;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA <em>verification</em> on P-384 over this package's 64-bit {@link MontgomeryField}
 * arithmetic: {@code u1*G + u2*Q} with G's fixed-base comb ({@link LimbComb}, built once per
 * curve, a wider one once the process has verified {@link #WIDE_AFTER} signatures) and either Q's own comb (a kept key, {@link KeptKeyEcdsa}) or a width-5 NAF of {@code u2}
 * over eight odd multiples of Q computed per call (a key's first verification), the doublings
 * shared.
 *
 * <p>The accept/reject decision is the standard one (SEC 1 v2 section 4.1.4), identical to Bouncy
 * Castle's {@code ECDSASigner}: r and s in [1, n-1] (checked by the caller), the digest truncated
 * to the order's bit length, R not the point at infinity, x(R) mod n = r. The last test needs no
 * inversion: with x = X/Z^2 it compares {@code r * Z^2} and, while {@code r + n < p}, {@code (r +
 * n) * Z^2} with X.
 *
 * <p><b>Variable time, verification only.</b> Table indices and NAF digits are the scalars' bits;
 * ECDSA verification's scalars come from the public message, signature and key, so nothing secret
 * leaks. Never use this class with a secret scalar (signing, key agreement).
 */
final class FastEcdsa {
    /** NAF width for a key without tables: 8 precomputed odd multiples, one addition per ~6 bits. */
    private static final int WIDTH = 5;
    private static final LimbComb[] GENERATORS = new LimbComb[EcCurve.values().length];
    /**
     * Teeth of the generator's wide comb: 12 teeth, so 32 columns and at most 32 additions for
     * {@code u1*G} instead of the narrow comb's 48, for 4,095 points (about 600 KB, once per
     * process). It pays only in a process that verifies often, so it is built after {@link
     * #WIDE_AFTER} verifications; until then the narrow 8-tooth comb (255 points) serves, so a
     * one-shot command never builds it.
     */
    static final int WIDE_TEETH = 12;
    /**
     * Teeth of a kept key's comb: 10 teeth, spacing 39, so {@code u2*Q} is at most 39 additions
     * (8 teeth: 48) and, beside the generator's wide comb, a verification 39 doublings instead of
     * 48; 1,023 points, about 150 KB per key (8 teeth: 255 points, 39 KB), built once per kept key.
     */
    static final int KEPT_TEETH = 10;
    /** Verifications through the narrow generator comb before the wide one is built. */
    static final int WIDE_AFTER = 256;
    /** Read without the lock once set: a warm process's verifications never contend for it. */
    private static final AtomicReferenceArray<LimbComb> WIDE_GENERATORS =
            new AtomicReferenceArray<>(EcCurve.values().length);
    private static final int[] NARROW_USES = new int[EcCurve.values().length];

    private FastEcdsa() {
    }

    /**
     * The field of {@code curve}, or null when this class does not cover it. Only P-384: a P-256
     * field on the same design measured no faster than Bouncy Castle's {@code SecP256R1Field}
     * (benchmarks/README.md, "64-bit limbs"), so P-256 and P-521 stay on Bouncy Castle.
     */
    static MontgomeryField field(EcCurve curve) {
        switch (curve) {
            case P384:
                return P384Field.INSTANCE;
            default:
                return null;
        }
    }

    /**
     * The comb of the curve's generator: the narrow one, built on first use, until {@link
     * #WIDE_AFTER} verifications have used it; the wide one from then on.
     */
    static LimbComb generator(EcCurve curve) {
        int c = curve.ordinal();
        LimbComb wide = WIDE_GENERATORS.get(c);
        if (wide != null) {
            return wide;
        }
        synchronized (GENERATORS) {
            wide = WIDE_GENERATORS.get(c);
            if (wide != null) {
                return wide;
            }
            if (++NARROW_USES[c] > WIDE_AFTER) {
                wide = combOf(curve, curve.domain().getG(), WIDE_TEETH);
                WIDE_GENERATORS.set(c, wide);
                return wide;
            }
            LimbComb comb = GENERATORS[c];
            if (comb == null) {
                comb = combOf(curve, curve.domain().getG(), LimbComb.TEETH);
                GENERATORS[c] = comb;
            }
            return comb;
        }
    }

    /** The generator's wide comb, built now if need be (tests). */
    static LimbComb wideGenerator(EcCurve curve) {
        synchronized (GENERATORS) {
            NARROW_USES[curve.ordinal()] = WIDE_AFTER;
        }
        return generator(curve);
    }

    /** The generator's narrow comb (tests). */
    static LimbComb narrowGenerator(EcCurve curve) {
        synchronized (GENERATORS) {
            LimbComb comb = GENERATORS[curve.ordinal()];
            if (comb == null) {
                comb = combOf(curve, curve.domain().getG(), LimbComb.TEETH);
                GENERATORS[curve.ordinal()] = comb;
            }
            return comb;
        }
    }

    /** The comb of a valid point of a covered curve (not the point at infinity). */
    static LimbComb combOf(EcCurve curve, ECPoint point) {
        return combOf(curve, point, KEPT_TEETH);
    }

    private static LimbComb combOf(EcCurve curve, ECPoint point, int teeth) {
        MontgomeryField f = field(curve);
        ECPoint p = point.normalize();
        return LimbComb.of(f, f.fromBigInteger(p.getAffineXCoord().toBigInteger()),
                f.fromBigInteger(p.getAffineYCoord().toBigInteger()), curve.order().bitLength(), teeth);
    }

    /** The scalars {@code u1 = e/s} and {@code u2 = r/s} mod n, for r and s in [1, n-1]. */
    static BigInteger[] scalars(EcCurve curve, byte[] digest, BigInteger r, BigInteger s) {
        BigInteger n = curve.order();
        BigInteger w = BigIntegers.modOddInverseVar(n, s);
        BigInteger e = new BigInteger(1, digest);
        int excess = digest.length * 8 - n.bitLength();
        if (excess > 0) {
            e = e.shiftRight(excess); // SEC 1 4.1.4 step 3: the leftmost bits of the digest
        }
        return new BigInteger[] {e.multiply(w).mod(n), r.multiply(w).mod(n)};
    }

    /** Verifies with a kept key's comb. */
    static boolean verifyKept(EcCurve curve, LimbComb key, byte[] digest, BigInteger r, BigInteger s) {
        BigInteger[] u = scalars(curve, digest, r, s);
        JacobianPoints acc = new JacobianPoints(field(curve));
        sumOfProducts(generator(curve), key, u[0], u[1], acc);
        return matches(curve, acc, r);
    }

    /**
     * {@code u1*G + u2*Q} into {@code acc}, both from combs, for u1, u2 in [0, n): one doubling per
     * column of the wider-spaced comb, each comb adding in its own last {@code spacing} columns.
     */
    static void sumOfProducts(LimbComb g, LimbComb q, BigInteger u1, BigInteger u2, JacobianPoints acc) {
        int[] a = Nat.fromBigInteger(g.scalarBits(), u1);
        int[] b = Nat.fromBigInteger(q.scalarBits(), u2);
        acc.setInfinity();
        for (int column = Math.max(g.spacing(), q.spacing()) - 1; column >= 0; column--) {
            acc.twice();
            if (column < g.spacing()) {
                int i = g.index(a, column);
                if (i != 0) {
                    g.addEntry(acc, i);
                }
            }
            if (column < q.spacing()) {
                int j = q.index(b, column);
                if (j != 0) {
                    q.addEntry(acc, j);
                }
            }
        }
    }

    /** The odd multiples of a valid point of a covered curve, for {@link #verify}. */
    static OddMultiples oddMultiples(EcCurve curve, ECPoint q) {
        return OddMultiples.of(field(curve), q.normalize(), WIDTH);
    }

    /** Verifies with a key's odd multiples (a key without comb tables). */
    static boolean verify(EcCurve curve, OddMultiples q, byte[] digest, BigInteger r, BigInteger s) {
        BigInteger[] u = scalars(curve, digest, r, s);
        JacobianPoints acc = new JacobianPoints(field(curve));
        sumOfProducts(generator(curve), q, u[0], u[1], acc);
        return matches(curve, acc, r);
    }

    /** {@code u1*G + u2*Q} into {@code acc}: G from its comb, Q from a width-w NAF of u2. */
    static void sumOfProducts(LimbComb g, OddMultiples q, BigInteger u1, BigInteger u2, JacobianPoints acc) {
        int[] a = Nat.fromBigInteger(g.scalarBits(), u1);
        byte[] naf = WNafUtil.generateWindowNaf(WIDTH, u2);
        acc.setInfinity();
        boolean started = false;
        for (int bit = Math.max(naf.length, g.spacing()) - 1; bit >= 0; bit--) {
            if (started) {
                acc.twice();
            }
            int digit = bit < naf.length ? naf[bit] : 0;
            if (digit != 0) {
                q.add(acc, digit);
                started = true;
            }
            if (bit < g.spacing()) {
                int i = g.index(a, bit);
                if (i != 0) {
                    g.addEntry(acc, i);
                    started = true;
                }
            }
        }
    }

    /**
     * Whether the Jacobian point R in {@code acc} is not the point at infinity and x(R) mod n = r:
     * the candidates x = r and x = r + n (when below p) are compared as {@code r * Z^2 == X}.
     */
    static boolean matches(EcCurve curve, JacobianPoints acc, BigInteger r) {
        if (acc.isInfinity()) {
            return false;
        }
        MontgomeryField f = acc.field();
        long[] zz = f.newElement();
        f.square(acc.z, zz);
        long[] candidate = f.newElement();
        for (BigInteger x = r; x.compareTo(f.modulus()) < 0; x = x.add(curve.order())) {
            f.toMontgomery(x, candidate);
            f.mul(candidate, zz, candidate);
            if (f.equal(candidate, acc.x, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** The point in {@code acc} as a Bouncy Castle point (tests; allocates, one inversion). */
    static ECPoint toBouncyCastle(EcCurve curve, JacobianPoints acc) {
        if (acc.isInfinity()) {
            return curve.domain().getCurve().getInfinity();
        }
        MontgomeryField f = acc.field();
        long[] inverse = f.newElement();
        f.invert(acc.z, inverse);
        long[] x = f.newElement();
        long[] y = f.newElement();
        JacobianPoints.toAffine(f, acc, inverse, x, y);
        return curve.domain().getCurve().createPoint(f.toBigInteger(x), f.toBigInteger(y));
    }
}
