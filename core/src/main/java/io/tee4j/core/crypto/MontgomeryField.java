package io.tee4j.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.util.BigIntegers;

/**
 * Arithmetic modulo a NIST prime in Montgomery form ({@code a * R mod p}, {@code R = 2^(w*limbs)})
 * on unsaturated limbs of {@code w} bits (56 for P-384's seven) held in a {@code long[]},
 * little-endian: the field under {@link JacobianPoints}, which the P-384 ECDSA verification paths
 * of {@link KeptKeyEcdsa} and {@link FastEcdsa} run on.
 *
 * <p>Why unsaturated limbs: a product of two limbs fits in 128 bits with room to spare, so a column
 * of the schoolbook product adds its 64-bit pieces without any carry detection, and the Montgomery
 * reduction by the prime's sparse form is shifts and additions. The 64x64-bit products use {@link Math#multiplyHigh}, a single instruction on x86-64;
 * limbs below 2^63 make its signed result the unsigned one.
 *
 * <p>Elements are kept <em>partially reduced</em>: every limb in {@code [0, 2^w)} except the top
 * one, and the value in {@code [0, 2p)}. Every operation takes such elements and returns one, into a
 * caller-provided array that may be one of the inputs; none allocates. {@link #canonical} gives the
 * unique representative in {@code [0, p)} for comparisons.
 *
 * <p><b>Variable time, for public inputs only.</b> Reductions and the inversion branch on the
 * values. That is sound for ECDSA <em>verification</em>, whose inputs are all public; never use
 * this class for signing, key agreement or any secret value.
 */
abstract class MontgomeryField {
    private final int limbs;
    private final int w;
    private final long mask;
    private final BigInteger p;
    private final BigInteger r;
    private final BigInteger rInverse;
    private final long[] pLimbs;
    private final long[] twoP;
    private final long[] one;
    private final long[] rSquared;
    private final long[] rCubed;

    MontgomeryField(BigInteger p, int limbs, int w) {
        this.limbs = limbs;
        this.w = w;
        this.mask = (1L << w) - 1;
        this.p = p;
        this.r = BigInteger.ONE.shiftLeft(w * limbs);
        this.rInverse = r.modInverse(p);
        this.pLimbs = split(p);
        this.twoP = split(p.shiftLeft(1));
        this.one = split(r.mod(p));
        this.rSquared = split(r.multiply(r).mod(p));
        this.rCubed = split(r.pow(3).mod(p));
    }

    /** The number of limbs of an element. */
    final int limbs() {
        return limbs;
    }

    /** The prime. */
    final BigInteger modulus() {
        return p;
    }

    /** A new zero element. */
    final long[] newElement() {
        return new long[limbs];
    }

    /** {@code out = a * b} (Montgomery product). */
    abstract void mul(long[] a, long[] b, long[] out);

    /** {@code out = a^2}. */
    abstract void square(long[] a, long[] out);

    /** {@code out = a + b mod p}. */
    abstract void add(long[] a, long[] b, long[] out);

    /**
     * {@code out = a + b} (congruent mod p) for a result that only a {@link #mul} or {@link #square}
     * reads: a field may skip the reduction below 2p, leaving a value below {@code a + b}. The
     * product of values below {@link #LAZY_BOUND} times p still comes back below 2p (with
     * {@code R >= 2^8 p}, {@code (8p)^2 / R < p/4}), so callers keep every lazy sum below 8p: at
     * most three partially reduced terms. The default is the reducing {@link #add}.
     */
    void addLazy(long[] a, long[] b, long[] out) {
        add(a, b, out);
    }

    /** The multiple of p below which {@link #mul} and {@link #square} accept a lazy sum. */
    static final int LAZY_BOUND = 8;

    /** {@code out = a - b mod p}. */
    abstract void subtract(long[] a, long[] b, long[] out);

    /**
     * {@code out = a * 2^bits mod p} for {@code bits} in [1, 3] (the doubling formulas' 4 beta and 8
     * gamma^2): by repeated addition here, which a field may replace by one shift and fold.
     */
    void shiftLeft(long[] a, int bits, long[] out) {
        add(a, a, out);
        for (int i = 1; i < bits; i++) {
            add(out, out, out);
        }
    }

    /** {@code out = the representative of a in [0, p)}. */
    final void canonical(long[] a, long[] out) {
        long carry = 0;
        int top = limbs - 1;
        for (int i = 0; i < top; i++) {
            carry = (a[i] - pLimbs[i] + carry) >> w;
        }
        long keep = (a[top] - pLimbs[top] + carry) >> 63;
        carry = 0;
        for (int i = 0; i < top; i++) {
            long v = a[i] - (pLimbs[i] & ~keep) + carry;
            out[i] = v & mask;
            carry = v >> w;
        }
        out[top] = a[top] - (pLimbs[top] & ~keep) + carry;
    }

    /** Whether {@code a} is zero mod p (its value is 0 or p). */
    final boolean isZero(long[] a) {
        long zero = 0;
        long isP = 0;
        for (int i = 0; i < limbs; i++) {
            zero |= a[i];
            isP |= a[i] ^ pLimbs[i];
        }
        return zero == 0 || isP == 0;
    }

    /** Whether {@code a} and {@code b} are equal mod p; {@code scratch} is overwritten. */
    final boolean equal(long[] a, long[] b, long[] scratch) {
        subtract(a, b, scratch);
        return isZero(scratch);
    }

    /** {@code out = 1/a} for {@code a} not zero mod p (variable time; allocates). */
    final void invert(long[] a, long[] out) {
        // raw = aR mod p; its inverse is a^-1 R^-1, whose Montgomery product with R^3 is a^-1 R.
        // Bouncy Castle's variable-time binary GCD takes a fifth of BigInteger.modInverse's time
        // here, and a first verification inverts twice.
        splitInto(BigIntegers.modOddInverseVar(p, raw(a)), out);
        mul(out, rCubed, out);
    }

    /** The Montgomery form of {@code x mod p} (set-up and tests; allocates). */
    final long[] fromBigInteger(BigInteger x) {
        return split(x.mod(p).multiply(r).mod(p));
    }

    /** {@code out = } the Montgomery form of {@code x}, for {@code 0 <= x < p}. */
    final void toMontgomery(BigInteger x, long[] out) {
        splitInto(x, out);
        mul(out, rSquared, out);
    }

    /** The value of an element (set-up and tests; allocates). */
    final BigInteger toBigInteger(long[] a) {
        return raw(a).multiply(rInverse).mod(p);
    }

    /** Copies the Montgomery form of 1 into {@code out}. */
    final void setOne(long[] out) {
        System.arraycopy(one, 0, out, 0, limbs);
    }

    private BigInteger raw(long[] a) {
        BigInteger v = BigInteger.ZERO;
        for (int i = limbs - 1; i >= 0; i--) {
            v = v.shiftLeft(w).add(BigInteger.valueOf(a[i]));
        }
        return v.mod(p);
    }

    private long[] split(BigInteger x) {
        long[] out = new long[limbs];
        splitInto(x, out);
        return out;
    }

    private void splitInto(BigInteger x, long[] out) {
        for (int i = 0; i < limbs - 1; i++) {
            out[i] = x.shiftRight(w * i).longValue() & mask;
        }
        out[limbs - 1] = x.shiftRight(w * (limbs - 1)).longValue();
    }
}
