package io.tee4j.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * ECDSA <em>verification</em> on P-256 for a kept key: {@code u1*G + u2*Q} from two {@link
 * P256Comb}s (G's built once, Q's once per kept key) with their 11 doublings shared, on Bouncy
 * Castle's raw field words ({@link P256Points}), the scalars mod n in words ({@link P256Scalars}),
 * and the final {@code x(R) mod n == r} test without a field inversion. A verification allocates
 * only its scratch (about 1 KB: no point objects, no {@code BigInteger}s on the byte path) plus what
 * Bouncy Castle's scalar inversion allocates inside.
 *
 * <p>The accept/reject decision is the standard one (SEC 1 v2 section 4.1.4), identical to Bouncy
 * Castle's {@code ECDSASigner}: r and s in [1, n-1], the digest's leftmost 256 bits as e, R not the
 * point at infinity, x(R) mod n = r.
 *
 * <p><b>Variable time, verification only.</b> Table indices are the scalars' bits; ECDSA
 * verification's scalars come from the public message, signature and key, so nothing secret
 * leaks. Never use this class with a secret scalar (signing, key agreement).
 */
final class P256KeptKeyEcdsa {
    private static volatile P256Comb generator;

    private final P256Comb key;

    private P256KeptKeyEcdsa(P256Comb key) {
        this.key = key;
    }

    /** Tables for a valid P-256 key point (the generator's are built on first use). */
    static P256KeptKeyEcdsa of(ECPoint q) {
        generator();
        return new P256KeptKeyEcdsa(P256Comb.keyOf(q));
    }

    private static P256Comb generator() {
        P256Comb g = generator;
        if (g == null) {
            synchronized (P256KeptKeyEcdsa.class) {
                g = generator;
                if (g == null) {
                    g = P256Comb.generatorOf(EcCurve.P256.domain().getG());
                    generator = g;
                }
            }
        }
        return g;
    }

    /** The words a verification works in, allocated once per call. */
    private static final class Scratch {
        final P256Points acc = new P256Points();
        final int[] e = Nat256.create();
        final int[] r = Nat256.create();
        final int[] s = Nat256.create();
        final int[] u1 = new int[P256Comb.SCALAR_WORDS];
        final int[] u2 = new int[P256Comb.SCALAR_WORDS];
        final int[] w = Nat256.create();
        final int[] t = new int[10];
    }

    /** Verifies a raw {@code r || s} signature of 64 bytes over a SHA-256 digest of 32 bytes. */
    boolean verifyP1363(byte[] digest, byte[] signature) {
        Scratch sc = new Scratch();
        if (!P256Scalars.readInRange(signature, 0, sc.r) || !P256Scalars.readInRange(signature, 32, sc.s)) {
            return false;
        }
        P256Scalars.readBigEndian(digest, 0, sc.e);
        return verify(sc);
    }

    /**
     * Verifies r and s (each already checked to lie in [1, n-1]) over a digest of any length (its
     * leftmost 256 bits, SEC 1 4.1.4 step 3).
     */
    boolean verify(byte[] digest, BigInteger r, BigInteger s) {
        Scratch sc = new Scratch();
        BigInteger e = new BigInteger(1, digest);
        if (digest.length > 32) {
            e = e.shiftRight(8 * digest.length - 256);
        }
        Nat256.copy(Nat256.fromBigInteger(e), sc.e);
        Nat256.copy(Nat256.fromBigInteger(r), sc.r);
        Nat256.copy(Nat256.fromBigInteger(s), sc.s);
        return verify(sc);
    }

    private boolean verify(Scratch sc) {
        P256Scalars.scalars(sc.e, sc.r, sc.s, sc.u1, sc.u2, sc.w, sc.t);
        sumOfProducts(sc.u1, sc.u2, sc.acc);
        return sc.acc.xMatches(sc.r);
    }

    /**
     * {@code u1*G + u2*Q} into {@code acc} for u1, u2 below 2^256 as {@value P256Comb#SCALAR_WORDS}
     * little-endian words (the last zero).
     */
    void sumOfProducts(int[] u1, int[] u2, P256Points acc) {
        P256Comb g = generator();
        acc.setInfinity();
        for (int column = P256Comb.SPACING - 1; column >= 0; column--) {
            if (!acc.isInfinity()) {
                acc.twice();
            }
            g.addColumn(acc, u1, column);
            key.addColumn(acc, u2, column);
        }
    }

    /** {@code u1*G + u2*Q} as a Bouncy Castle point (tests; allocates, one inversion). */
    ECPoint sumOfProducts(BigInteger u1, BigInteger u2) {
        P256Points acc = new P256Points();
        int[] a = new int[P256Comb.SCALAR_WORDS];
        int[] b = new int[P256Comb.SCALAR_WORDS];
        System.arraycopy(Nat256.fromBigInteger(u1), 0, a, 0, 8);
        System.arraycopy(Nat256.fromBigInteger(u2), 0, b, 0, 8);
        sumOfProducts(a, b, acc);
        if (acc.isInfinity()) {
            return EcCurve.P256.domain().getCurve().getInfinity();
        }
        int[] zInverse = Nat256.create();
        SecP256R1Field.inv(acc.z, zInverse);
        int[] zz = Nat256.create();
        SecP256R1Field.square(zInverse, zz);
        int[] x = Nat256.create();
        SecP256R1Field.multiply(acc.x, zz, x);
        SecP256R1Field.multiply(zz, zInverse, zz);
        int[] y = Nat256.create();
        SecP256R1Field.multiply(acc.y, zz, y);
        return EcCurve.P256.domain().getCurve().createPoint(Nat256.toBigInteger(x), Nat256.toBigInteger(y));
    }
}
