package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * P-384 point arithmetic ({@link JacobianPoints}) and the per-call NAF path of {@link FastEcdsa}
 * against Bouncy Castle: the special cases inside mixed addition (accumulator at infinity, P + P,
 * P + (-P)), doubling the point at infinity, {@code u1*G + u2*Q} on edge scalars, and the final
 * {@code x(R) mod n == r} test including its {@code r + n} candidate.
 */
class FastEcdsaTest {
    private static final EcCurve CURVE = EcCurve.P384;
    private static final MontgomeryField F = FastEcdsa.field(CURVE);
    private static final ECPoint G = CURVE.domain().getG();
    private static final BigInteger N = CURVE.order();

    @Test
    void doublingAndMixedAdditionMatchBouncyCastle() {
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            ECPoint a = G.multiply(new BigInteger(384, random).mod(N)).normalize();
            ECPoint b = G.multiply(new BigInteger(384, random).mod(N)).normalize();
            JacobianPoints acc = at(a);
            acc.twice();
            assertEquals(a.twice().normalize(), FastEcdsa.toBouncyCastle(CURVE, acc));
            acc.addAffine(x(b), y(b));
            assertEquals(a.twice().add(b).normalize(), FastEcdsa.toBouncyCastle(CURVE, acc));
        }
    }

    @Test
    void mixedAdditionHandlesInfinityEqualAndOppositePoints() {
        ECPoint p = G.multiply(BigInteger.valueOf(0xC0FFEE)).normalize();
        JacobianPoints acc = new JacobianPoints(F);
        acc.setInfinity();
        assertTrue(acc.isInfinity());
        acc.twice();
        assertTrue(acc.isInfinity(), "2 * infinity");
        acc.addAffine(x(p), y(p));
        assertEquals(p, FastEcdsa.toBouncyCastle(CURVE, acc), "infinity + P");

        // The accumulator holds P with Z != 1 (as 2 * (P/2)), then P is added: its double.
        ECPoint half = p.multiply(BigInteger.TWO.modInverse(N)).normalize();
        acc = at(half);
        acc.twice();
        acc.addAffine(x(p), y(p));
        assertEquals(p.twice().normalize(), FastEcdsa.toBouncyCastle(CURVE, acc), "P + P");

        acc = at(half);
        acc.twice();
        ECPoint minus = p.negate().normalize();
        acc.addAffine(x(minus), y(minus));
        assertTrue(acc.isInfinity(), "P + (-P)");
    }

    @Test
    void nafPathMatchesBouncyCastleOnEdgeScalars() {
        List<BigInteger> scalars = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO), N.shiftRight(1), BigInteger.ONE.shiftLeft(383),
                BigInteger.valueOf(15), BigInteger.valueOf(31), BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE)));
        Random random = new Random(11);
        for (int i = 0; i < 6; i++) {
            scalars.add(new BigInteger(384, random).mod(N));
        }
        for (ECPoint q : List.of(G, G.negate(), G.twice(), G.multiply(BigInteger.valueOf(77)))) {
            OddMultiples multiples = FastEcdsa.oddMultiples(CURVE, q);
            for (BigInteger u1 : scalars) {
                for (BigInteger u2 : scalars) {
                    JacobianPoints acc = new JacobianPoints(F);
                    FastEcdsa.sumOfProducts(FastEcdsa.generator(CURVE), multiples, u1, u2, acc);
                    ECPoint expected = ECAlgorithms.sumOfTwoMultiplies(G, u1, q, u2).normalize();
                    assertEquals(expected, FastEcdsa.toBouncyCastle(CURVE, acc), "u1=" + u1 + " u2=" + u2);
                }
            }
        }
    }

    /**
     * The generator's wide comb (12 teeth, 32 columns) against Bouncy Castle on edge scalars, on
     * both paths it serves: beside a key's per-call NAF (384 doublings) and beside a kept key's
     * 8-tooth comb (48 columns: the wide comb adds only in the last 32).
     */
    @Test
    void wideGeneratorCombMatchesBouncyCastleBesideNafAndKeptComb() {
        LimbComb wide = FastEcdsa.wideGenerator(CURVE);
        assertEquals(32, wide.spacing());
        assertEquals(48, FastEcdsa.narrowGenerator(CURVE).spacing());
        List<BigInteger> scalars = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, N.subtract(BigInteger.ONE),
                N.shiftRight(1), BigInteger.ONE.shiftLeft(383), BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(352), BigInteger.ONE.shiftLeft(384).subtract(BigInteger.ONE).mod(N)));
        Random random = new Random(13);
        for (int i = 0; i < 6; i++) {
            scalars.add(new BigInteger(384, random).mod(N));
        }
        for (ECPoint q : List.of(G, G.negate(), G.multiply(BigInteger.valueOf(77)))) {
            OddMultiples multiples = FastEcdsa.oddMultiples(CURVE, q);
            LimbComb kept = FastEcdsa.combOf(CURVE, q);
            for (BigInteger u1 : scalars) {
                for (BigInteger u2 : scalars) {
                    ECPoint expected = ECAlgorithms.sumOfTwoMultiplies(G, u1, q, u2).normalize();
                    JacobianPoints acc = new JacobianPoints(F);
                    FastEcdsa.sumOfProducts(wide, multiples, u1, u2, acc);
                    assertEquals(expected, FastEcdsa.toBouncyCastle(CURVE, acc), "naf u1=" + u1 + " u2=" + u2);
                    FastEcdsa.sumOfProducts(wide, kept, u1, u2, acc);
                    assertEquals(expected, FastEcdsa.toBouncyCastle(CURVE, acc), "comb u1=" + u1 + " u2=" + u2);
                }
            }
        }
        assertEquals(32, FastEcdsa.generator(CURVE).spacing(), "verifications use the wide comb once it is built");
    }

    @Test
    void xCheckAcceptsTheRPlusNCandidateAndRejectsInfinity() {
        // A point whose x lies in [n, p): a signature's r is then x - n.
        BigInteger p = F.modulus();
        BigInteger b = CURVE.domain().getCurve().getB().toBigInteger();
        BigInteger x = N;
        BigInteger y = null;
        while (y == null) {
            x = x.add(BigInteger.ONE);
            BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(b).mod(p);
            BigInteger root = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
            y = root.multiply(root).mod(p).equals(rhs) ? root : null;
        }
        JacobianPoints acc = new JacobianPoints(F);
        // Jacobian with Z = 5: X = x Z^2, Y = y Z^3.
        BigInteger z = BigInteger.valueOf(5);
        acc.setAffine(F.fromBigInteger(x.multiply(z.pow(2))), F.fromBigInteger(y.multiply(z.pow(3))));
        System.arraycopy(F.fromBigInteger(z), 0, acc.z, 0, F.limbs());
        assertTrue(FastEcdsa.matches(CURVE, acc, x.subtract(N)), "r = x - n");
        assertFalse(FastEcdsa.matches(CURVE, acc, x.subtract(N).add(BigInteger.ONE)));
        acc.setInfinity();
        assertFalse(FastEcdsa.matches(CURVE, acc, BigInteger.ONE), "the point at infinity never matches");
    }

    private static JacobianPoints at(ECPoint affine) {
        JacobianPoints acc = new JacobianPoints(F);
        acc.setAffine(x(affine), y(affine));
        return acc;
    }

    private static long[] x(ECPoint p) {
        return F.fromBigInteger(p.getAffineXCoord().toBigInteger());
    }

    private static long[] y(ECPoint p) {
        return F.fromBigInteger(p.getAffineYCoord().toBigInteger());
    }
}
