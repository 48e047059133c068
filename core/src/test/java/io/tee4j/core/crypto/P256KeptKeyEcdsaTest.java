package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat256;
import org.junit.jupiter.api.Test;

/**
 * The kept-key P-256 path ({@link P256KeptKeyEcdsa} under {@link EcdsaVerifier#keep()}) on the cases
 * random signatures never reach, each decided as Bouncy Castle's {@code ECDSASigner} decides it: x(R)
 * at or above n (accepted through the {@code r + n} candidate), R the point at infinity
 * ({@code u1*G = -u2*Q}), an addition that must double (Q = G with u1 = u2), r or s of 0, n, above n
 * and all ones, digests longer than 256 bits; its scalar arithmetic mod n against {@code BigInteger};
 * and keys that must be refused before any table exists (x at or above p, not on the curve).
 */
class P256KeptKeyEcdsaTest {
    private static final EcCurve CURVE = EcCurve.P256;
    private static final BigInteger N = CURVE.order();
    private static final BigInteger P = CURVE.domain().getCurve().getField().getCharacteristic();
    private static final ECPoint G = CURVE.domain().getG();

    @Test
    void scalarsModNMatchBigInteger() {
        SplittableRandom random = new SplittableRandom(256);
        BigInteger[] edges = {BigInteger.ONE, BigInteger.TWO, N.subtract(BigInteger.ONE), N.shiftRight(1),
            BigInteger.ONE.shiftLeft(255)};
        for (int i = 0; i < 2000; i++) {
            BigInteger e = i < 5 ? BigInteger.ONE.shiftLeft(256).subtract(BigInteger.valueOf(i + 1)) : randomBelow(random, 256);
            BigInteger r = i < edges.length ? edges[i] : randomBelow(random, 256).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            BigInteger s = i < edges.length ? edges[edges.length - 1 - i] : randomBelow(random, 256).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            int[] u1 = Nat256.create();
            int[] u2 = Nat256.create();
            P256Scalars.scalars(Nat256.fromBigInteger(e), Nat256.fromBigInteger(r), Nat256.fromBigInteger(s),
                    u1, u2, Nat256.create(), new int[10]);
            BigInteger w = s.modInverse(N);
            assertEquals(e.multiply(w).mod(N), Nat256.toBigInteger(u1), "u1 for case " + i);
            assertEquals(r.multiply(w).mod(N), Nat256.toBigInteger(u2), "u2 for case " + i);
        }
    }

    /** x(R) in [n, p): r = x(R) - n must be accepted (the r + n candidate), r = x(R) is out of range. */
    @Test
    void acceptsWhenXOfRIsAtOrAboveTheOrder() throws Exception {
        ECPoint big = pointWithXAtLeast(N);
        BigInteger x = big.getAffineXCoord().toBigInteger();
        assertTrue(x.compareTo(N) >= 0 && x.compareTo(P) < 0);
        BigInteger r = x.subtract(N);
        BigInteger s = new BigInteger("1234567890abcdef1234567890abcdef", 16);
        BigInteger e = new BigInteger("fedcba0987654321fedcba0987654321fedcba0987654321fedcba0987654321", 16);
        // Q = r^-1 (s R - e G), so that u1 G + u2 Q = (e G + r Q) / s = R.
        ECPoint q = big.multiply(s).subtract(G.multiply(e)).multiply(r.modInverse(N)).normalize();
        byte[] digest = bytes32(e);
        EcdsaVerifier kept = keptKey(q);
        assertTrue(bouncyCastle(q, digest, r, s));
        assertTrue(kept.verifyDigest(digest, r, s));
        assertTrue(bytePath(q, digest, r, s));
        assertFalse(kept.verifyDigest(digest, r.add(BigInteger.ONE), s));
        assertFalse(bytePath(q, digest, x, s), "r = x(R) >= n is out of range");
    }

    /** u1 G = -u2 Q: R is the point at infinity, which must be rejected (whatever r is). */
    @Test
    void rejectsWhenRIsThePointAtInfinity() throws Exception {
        BigInteger d = new BigInteger("5eed5eed5eed5eed5eed5eed5eed5eed", 16);
        ECPoint q = G.multiply(d).normalize();
        EcdsaVerifier kept = keptKey(q);
        for (BigInteger r : new BigInteger[] {BigInteger.ONE, N.subtract(BigInteger.ONE), BigInteger.valueOf(77)}) {
            BigInteger s = BigInteger.valueOf(3);
            // e = -r d: u1 + u2 d = (e + r d) / s = 0.
            byte[] digest = bytes32(r.multiply(d).negate().mod(N));
            assertFalse(bouncyCastle(q, digest, r, s));
            assertFalse(kept.verifyDigest(digest, r, s));
            assertFalse(bytePath(q, digest, r, s));
        }
    }

    /** Q = G and u1 = u2: the first column adds the same entry twice, which must double. */
    @Test
    void acceptsWhenATableAdditionMustDouble() throws Exception {
        BigInteger k = new BigInteger("a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5", 16);
        BigInteger r = G.multiply(k).normalize().getAffineXCoord().toBigInteger().mod(N);
        BigInteger s = r.shiftLeft(1).multiply(k.modInverse(N)).mod(N); // R = (e + r)/s G = k G
        byte[] digest = bytes32(r);
        EcdsaVerifier kept = keptKey(G);
        assertTrue(bouncyCastle(G, digest, r, s));
        assertTrue(kept.verifyDigest(digest, r, s));
        assertTrue(bytePath(G, digest, r, s));
        assertFalse(bytePath(G, bytes32(r.add(BigInteger.ONE)), r, s));
    }

    @Test
    void rejectsROrSOutOfRangeOnTheBytePath() throws Exception {
        ECPoint q = G.multiply(BigInteger.valueOf(99)).normalize();
        EcdsaVerifier kept = keptKey(q);
        byte[] msg = {9, 8, 7};
        BigInteger ones = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, N, N.add(BigInteger.ONE), ones}) {
            for (BigInteger good : new BigInteger[] {BigInteger.ONE, N.subtract(BigInteger.ONE)}) {
                assertFalse(kept.verifyP1363(msg, p1363(bad, good)), "r = " + bad.toString(16));
                assertFalse(kept.verifyP1363(msg, p1363(good, bad)), "s = " + bad.toString(16));
            }
        }
        assertFalse(kept.verifyP1363(msg, new byte[63]));
        assertFalse(kept.verifyP1363(msg, new byte[65]));
    }

    /** A digest longer than 256 bits: its leftmost 256 bits are e, as in Bouncy Castle. */
    @Test
    void longDigestUsesItsLeftmostBits() throws Exception {
        BigInteger d = BigInteger.valueOf(0xD1CE);
        ECPoint q = G.multiply(d).normalize();
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(new byte[] {1});
        BigInteger e = new BigInteger(1, Arrays.copyOf(digest, 32));
        BigInteger k = BigInteger.valueOf(0xBEEF);
        BigInteger r = G.multiply(k).normalize().getAffineXCoord().toBigInteger().mod(N);
        BigInteger s = k.modInverse(N).multiply(e.add(r.multiply(d))).mod(N);
        EcdsaVerifier kept = keptKey(q);
        assertTrue(bouncyCastle(q, digest, r, s));
        assertTrue(kept.verifyDigest(digest, r, s));
        assertFalse(kept.verifyDigest(digest, r, s.add(BigInteger.ONE)));
    }

    /** Keys that are not points of the curve never reach keep(): the factories refuse them. */
    @Test
    void refusesKeysOffTheCurveOrOutsideTheField() {
        byte[] onCurve = G.multiply(BigInteger.valueOf(5)).getEncoded(false);
        byte[] xAboveP = onCurve.clone();
        byte[] px = bytes32(P.add(BigInteger.ONE));
        System.arraycopy(px, 0, xAboveP, 1, 32);
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromUncompressedPoint(CURVE, xAboveP));
        byte[] offCurve = onCurve.clone();
        offCurve[64] ^= 1;
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromUncompressedPoint(CURVE, offCurve));
        // x = p + x(5G) is x(5G) mod p: still refused, as a coordinate must be below p.
        BigInteger x5 = new BigInteger(1, Arrays.copyOfRange(onCurve, 1, 33));
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromCoordinates(CURVE, x5.add(P),
                new BigInteger(1, Arrays.copyOfRange(onCurve, 33, 65))));
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromUncompressedPoint(CURVE, new byte[65]));
    }

    @Test
    void keptKeyAtTheBoundaryAgreesWithBouncyCastleOnEveryColumnBit() throws Exception {
        ECPoint q = G.multiply(BigInteger.valueOf(0xC0FFEE)).normalize();
        P256KeptKeyEcdsa tables = P256KeptKeyEcdsa.of(q);
        for (int bit = 0; bit < 256; bit++) {
            BigInteger u = BigInteger.ONE.shiftLeft(bit).mod(N);
            BigInteger v = N.subtract(u);
            assertEquals(G.multiply(u).add(q.multiply(v)).normalize(), tables.sumOfProducts(u, v).normalize(),
                    "bit " + bit);
        }
    }

    private static EcdsaVerifier keptKey(ECPoint q) throws InvalidKeyException {
        EcdsaVerifier kept = EcdsaVerifier.fromUncompressedPoint(CURVE, q.getEncoded(false)).keepUnbounded();
        assertTrue(kept.usesKeptKeyTables());
        return kept;
    }

    /** The raw r || s byte path a kept key's verifyP1363 takes, with a chosen digest. */
    private static boolean bytePath(ECPoint q, byte[] digest, BigInteger r, BigInteger s) {
        return P256KeptKeyEcdsa.of(q).verifyP1363(digest, p1363(r, s));
    }

    private static boolean bouncyCastle(ECPoint q, byte[] digest, BigInteger r, BigInteger s) {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, new ECPublicKeyParameters(q, CURVE.domain()));
        return signer.verifySignature(digest, r, s);
    }

    private static ECPoint pointWithXAtLeast(BigInteger start) {
        for (BigInteger x = start; ; x = x.add(BigInteger.ONE)) {
            BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3)))
                    .add(CURVE.domain().getCurve().getB().toBigInteger()).mod(P);
            BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P); // p = 3 mod 4
            if (y.multiply(y).mod(P).equals(rhs)) {
                return CURVE.domain().getCurve().createPoint(x, y);
            }
        }
    }

    private static BigInteger randomBelow(SplittableRandom random, int bits) {
        byte[] b = new byte[bits / 8];
        random.nextBytes(b);
        return new BigInteger(1, b);
    }

    static byte[] bytes32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(b.length, 32);
        System.arraycopy(b, b.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static byte[] p1363(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        System.arraycopy(bytes32(r), 0, out, 0, 32);
        System.arraycopy(bytes32(s), 0, out, 32, 32);
        return out;
    }
}
