package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.custom.sec.SecP384R1Field;
import org.bouncycastle.math.raw.Nat;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the P-384 Montgomery field against {@link BigInteger} arithmetic and Bouncy
 * Castle's {@code SecP384R1Field}: random elements and the edge values 0, 1, p-1, p-2, 2^384 mod p,
 * each also in its second representation {@code raw + p} (the partially reduced form allows values
 * in [p, 2p)); every result must have the right value and stay partially reduced (limbs below 2^56
 * but the top one, value below 2p).
 */
class P384FieldTest {
    private static final P384Field F = P384Field.INSTANCE;
    private static final BigInteger P = F.modulus();
    private static final int W = 56;
    private static final BigInteger R_INVERSE = BigInteger.ONE.shiftLeft(W * 7).modInverse(P);

    @Test
    void everyOperationMatchesBigIntegerAndBouncyCastle() {
        List<long[]> elements = elements();
        for (long[] a : elements) {
            BigInteger x = value(a);
            for (long[] b : elements) {
                BigInteger y = value(b);
                long[] out = F.newElement();
                F.mul(a, b, out);
                check(out, x.multiply(y), "mul", x, y);
                F.add(a, b, out);
                check(out, x.add(y), "add", x, y);
                F.subtract(a, b, out);
                check(out, x.subtract(y), "subtract", x, y);
                assertEquals(x.equals(y), F.equal(a, b, out), "equal " + x + " " + y);
            }
            long[] out = F.newElement();
            F.square(a, out);
            check(out, x.multiply(x), "square", x, x);
            assertEquals(bouncyCastleSquare(x), F.toBigInteger(out));
            for (int bits = 1; bits <= 3; bits++) {
                F.shiftLeft(a, bits, out);
                check(out, x.shiftLeft(bits), "shiftLeft " + bits, x, x);
                long[] in = a.clone();
                F.shiftLeft(in, bits, in);
                check(in, x.shiftLeft(bits), "shiftLeft in place " + bits, x, x);
            }
            F.canonical(a, out);
            assertTrue(raw(out).compareTo(P) < 0, "canonical below p");
            assertEquals(x, F.toBigInteger(out));
            assertEquals(x.signum() == 0, F.isZero(a));
            if (x.signum() != 0) {
                F.invert(a, out);
                check(out, x.modInverse(P), "invert", x, x);
            }
        }
    }

    @Test
    void montgomeryConstantIsTwoToThe32PlusOne() {
        // mul and square compute m = c * N0 as c + (c << 32): only right while N0 is 2^32 + 1.
        assertEquals((1L << 32) + 1, P384Field.N0);
    }

    @Test
    void resultsMayOverwriteTheirInputs() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            BigInteger x = new BigInteger(384, random).mod(P);
            BigInteger y = new BigInteger(384, random).mod(P);
            long[] a = F.fromBigInteger(x);
            F.mul(a, F.fromBigInteger(y), a);
            assertEquals(x.multiply(y).mod(P), F.toBigInteger(a));
            long[] b = F.fromBigInteger(y);
            F.subtract(F.fromBigInteger(x), b, b);
            assertEquals(x.subtract(y).mod(P), F.toBigInteger(b));
            F.square(b, b);
            assertEquals(x.subtract(y).pow(2).mod(P), F.toBigInteger(b));
        }
    }

    private static List<long[]> elements() {
        List<BigInteger> values = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
                P.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(384).mod(P), BigInteger.ONE.shiftLeft(W).mod(P)));
        Random random = new Random(23);
        for (int i = 0; i < 40; i++) {
            values.add(new BigInteger(384, random).mod(P));
        }
        List<long[]> elements = new ArrayList<>();
        for (BigInteger v : values) {
            long[] canonical = F.fromBigInteger(v);
            elements.add(canonical);
            BigInteger second = raw(canonical).add(P);
            if (second.compareTo(P.shiftLeft(1)) < 0) {
                elements.add(limbs(second));
            }
        }
        return elements;
    }

    private static void check(long[] out, BigInteger expected, String op, BigInteger x, BigInteger y) {
        assertEquals(expected.mod(P), F.toBigInteger(out), op + " of " + x.toString(16) + ", " + y.toString(16));
        for (int i = 0; i < 6; i++) {
            assertTrue(out[i] >= 0 && out[i] < 1L << W, op + ": limb " + i + " not reduced");
        }
        assertTrue(raw(out).compareTo(P.shiftLeft(1)) < 0, op + ": value not below 2p");
    }

    private static BigInteger bouncyCastleSquare(BigInteger x) {
        int[] z = Nat.create(12);
        SecP384R1Field.square(Nat.fromBigInteger(384, x), z);
        return Nat.toBigInteger(12, z);
    }

    /** The element's value: its raw limbs times R^-1. */
    private static BigInteger value(long[] a) {
        return raw(a).multiply(R_INVERSE).mod(P);
    }

    private static BigInteger raw(long[] a) {
        BigInteger v = BigInteger.ZERO;
        for (int i = a.length - 1; i >= 0; i--) {
            v = v.shiftLeft(W).add(BigInteger.valueOf(a[i]));
        }
        return v;
    }

    private static long[] limbs(BigInteger raw) {
        long[] out = new long[7];
        for (int i = 0; i < 7; i++) {
            out[i] = raw.shiftRight(W * i).longValue() & (i < 6 ? (1L << W) - 1 : -1L);
        }
        return out;
    }

    /**
     * The doubling's lazy sums: {@code addLazy} of up to three partially reduced terms (below 6p,
     * the largest is alpha = 3 (X - delta)(X + delta)) keeps the value and normalized limbs, and
     * {@code mul} and {@code square} of such sums still return partially reduced, correct results.
     */
    @Test
    void lazySumsBelowEightPFeedMulAndSquare() {
        List<long[]> elements = elements();
        elements.add(limbs(P.shiftLeft(1).subtract(BigInteger.ONE))); // 2p - 1, the largest input
        for (long[] a : elements) {
            long[] twice = F.newElement();
            long[] thrice = F.newElement();
            F.addLazy(a, a, twice);
            F.addLazy(twice, a, thrice);
            assertEquals(raw(a).multiply(BigInteger.valueOf(3)), raw(thrice), "lazy sum is the plain sum");
            for (int i = 0; i < 6; i++) {
                assertTrue(thrice[i] >= 0 && thrice[i] < 1L << W, "lazy sum limb " + i);
            }
            BigInteger x = value(a);
            BigInteger x3 = x.multiply(BigInteger.valueOf(3));
            long[] out = F.newElement();
            F.square(thrice, out);
            check(out, x3.multiply(x3), "square of a lazy sum", x3, x3);
            for (long[] b : elements) {
                long[] sum = F.newElement();
                F.addLazy(b, b, sum);
                BigInteger y2 = value(b).shiftLeft(1);
                F.mul(thrice, sum, out);
                check(out, x3.multiply(y2), "mul of lazy sums", x3, y2);
            }
        }
    }

    @Test
    void zeroHasTwoRepresentations() {
        assertTrue(F.isZero(F.newElement()));
        assertTrue(F.isZero(limbs(P)));
        assertFalse(F.isZero(limbs(P.subtract(BigInteger.ONE))));
    }
}
