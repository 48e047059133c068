package io.tee4j.core.crypto;

import java.math.BigInteger;

/**
 * The P-384 field (secp384r1's prime) in Montgomery form on seven limbs of 56 bits; see {@link
 * MontgomeryField} for the representation and the contract. The product is a schoolbook product
 * into column accumulators held in locals (each limb product's low 56 bits into its column, the
 * rest into the next), then 7 rounds of Montgomery reduction, each adding {@code m * p} as the
 * prime's few signed powers of two.
 *
 * <p><b>Variable time, for public inputs only</b> (ECDSA verification): never for secret values.
 */
final class P384Field extends MontgomeryField {
    private static final int W = 56;
    private static final long M = (1L << W) - 1;
    /** {@code -p^-1 mod 2^56}, so {@code m = c * N0} makes the column {@code c + m * p} end in zeros. */
    private static final long N0 = BigInteger.ONE.shiftLeft(W)
            .subtract(prime().modInverse(BigInteger.ONE.shiftLeft(W))).longValue();
    static final P384Field INSTANCE = new P384Field();

    private P384Field() {
        super(prime(), 7, W);
    }

    private static BigInteger prime() {
        return BigInteger.TWO.pow(384).subtract(BigInteger.TWO.pow(128)).subtract(BigInteger.TWO.pow(96))
                .add(BigInteger.TWO.pow(32)).subtract(BigInteger.ONE);
    }

    @Override
    void mul(long[] a, long[] b, long[] out) {
        long cur = 0;
        long next = 0;
        long lo;
        long hi;
        lo = a[0] * b[0];
        hi = Math.multiplyHigh(a[0], b[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        long m0 = (cur * N0) & M;
        cur += ((m0 << 32) & M) - m0;
        // column 1
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[1];
        hi = Math.multiplyHigh(a[0], b[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[0];
        hi = Math.multiplyHigh(a[1], b[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m0 >>> 24) - ((m0 << 40) & M);
        long m1 = (cur * N0) & M;
        cur += ((m1 << 32) & M) - m1;
        // column 2
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[2];
        hi = Math.multiplyHigh(a[0], b[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[1];
        hi = Math.multiplyHigh(a[1], b[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[0];
        hi = Math.multiplyHigh(a[2], b[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m1 >>> 24) - ((m1 << 40) & M) - (m0 >>> 16) - ((m0 << 16) & M);
        long m2 = (cur * N0) & M;
        cur += ((m2 << 32) & M) - m2;
        // column 3
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[3];
        hi = Math.multiplyHigh(a[0], b[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[2];
        hi = Math.multiplyHigh(a[1], b[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[1];
        hi = Math.multiplyHigh(a[2], b[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[0];
        hi = Math.multiplyHigh(a[3], b[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m2 >>> 24) - ((m2 << 40) & M) - (m1 >>> 16) - ((m1 << 16) & M) - (m0 >>> 40);
        long m3 = (cur * N0) & M;
        cur += ((m3 << 32) & M) - m3;
        // column 4
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[4];
        hi = Math.multiplyHigh(a[0], b[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[3];
        hi = Math.multiplyHigh(a[1], b[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[2];
        hi = Math.multiplyHigh(a[2], b[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[1];
        hi = Math.multiplyHigh(a[3], b[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[0];
        hi = Math.multiplyHigh(a[4], b[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m3 >>> 24) - ((m3 << 40) & M) - (m2 >>> 16) - ((m2 << 16) & M) - (m1 >>> 40);
        long m4 = (cur * N0) & M;
        cur += ((m4 << 32) & M) - m4;
        // column 5
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[5];
        hi = Math.multiplyHigh(a[0], b[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[4];
        hi = Math.multiplyHigh(a[1], b[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[3];
        hi = Math.multiplyHigh(a[2], b[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[2];
        hi = Math.multiplyHigh(a[3], b[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[1];
        hi = Math.multiplyHigh(a[4], b[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[0];
        hi = Math.multiplyHigh(a[5], b[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m4 >>> 24) - ((m4 << 40) & M) - (m3 >>> 16) - ((m3 << 16) & M) - (m2 >>> 40);
        long m5 = (cur * N0) & M;
        cur += ((m5 << 32) & M) - m5;
        // column 6
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[6];
        hi = Math.multiplyHigh(a[0], b[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[5];
        hi = Math.multiplyHigh(a[1], b[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[4];
        hi = Math.multiplyHigh(a[2], b[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[3];
        hi = Math.multiplyHigh(a[3], b[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[2];
        hi = Math.multiplyHigh(a[4], b[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[1];
        hi = Math.multiplyHigh(a[5], b[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[0];
        hi = Math.multiplyHigh(a[6], b[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m5 >>> 24) - ((m5 << 40) & M) - (m4 >>> 16) - ((m4 << 16) & M) - (m3 >>> 40) + ((m0 << 48) & M);
        long m6 = (cur * N0) & M;
        cur += ((m6 << 32) & M) - m6;
        // column 7
        cur = next + (cur >> W);
        next = 0;
        lo = a[1] * b[6];
        hi = Math.multiplyHigh(a[1], b[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[5];
        hi = Math.multiplyHigh(a[2], b[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[4];
        hi = Math.multiplyHigh(a[3], b[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[3];
        hi = Math.multiplyHigh(a[4], b[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[2];
        hi = Math.multiplyHigh(a[5], b[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[1];
        hi = Math.multiplyHigh(a[6], b[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m6 >>> 24) - ((m6 << 40) & M) - (m5 >>> 16) - ((m5 << 16) & M) - (m4 >>> 40) + ((m1 << 48) & M) + (m0 >>> 8);
        out[0] = cur & M;
        // column 8
        cur = next + (cur >> W);
        next = 0;
        lo = a[2] * b[6];
        hi = Math.multiplyHigh(a[2], b[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[5];
        hi = Math.multiplyHigh(a[3], b[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[4];
        hi = Math.multiplyHigh(a[4], b[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[3];
        hi = Math.multiplyHigh(a[5], b[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[2];
        hi = Math.multiplyHigh(a[6], b[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += 0 - (m6 >>> 16) - ((m6 << 16) & M) - (m5 >>> 40) + ((m2 << 48) & M) + (m1 >>> 8);
        out[1] = cur & M;
        // column 9
        cur = next + (cur >> W);
        next = 0;
        lo = a[3] * b[6];
        hi = Math.multiplyHigh(a[3], b[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[5];
        hi = Math.multiplyHigh(a[4], b[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[4];
        hi = Math.multiplyHigh(a[5], b[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[3];
        hi = Math.multiplyHigh(a[6], b[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += 0 - (m6 >>> 40) + ((m3 << 48) & M) + (m2 >>> 8);
        out[2] = cur & M;
        // column 10
        cur = next + (cur >> W);
        next = 0;
        lo = a[4] * b[6];
        hi = Math.multiplyHigh(a[4], b[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[5];
        hi = Math.multiplyHigh(a[5], b[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[4];
        hi = Math.multiplyHigh(a[6], b[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += ((m4 << 48) & M) + (m3 >>> 8);
        out[3] = cur & M;
        // column 11
        cur = next + (cur >> W);
        next = 0;
        lo = a[5] * b[6];
        hi = Math.multiplyHigh(a[5], b[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[5];
        hi = Math.multiplyHigh(a[6], b[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += ((m5 << 48) & M) + (m4 >>> 8);
        out[4] = cur & M;
        // column 12
        cur = next + (cur >> W);
        next = 0;
        lo = a[6] * b[6];
        hi = Math.multiplyHigh(a[6], b[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += ((m6 << 48) & M) + (m5 >>> 8);
        out[5] = cur & M;
        // column 13
        cur = next + (cur >> W);
        next = 0;
        cur += (m6 >>> 8);
        out[6] = cur;
    }

    @Override
    void square(long[] a, long[] out) {
        long cur = 0;
        long next = 0;
        long lo;
        long hi;
        lo = a[0] * a[0];
        hi = Math.multiplyHigh(a[0], a[0]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        long m0 = (cur * N0) & M;
        cur += ((m0 << 32) & M) - m0;
        // column 1
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[1];
        hi = Math.multiplyHigh(a[0], a[1]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m0 >>> 24) - ((m0 << 40) & M);
        long m1 = (cur * N0) & M;
        cur += ((m1 << 32) & M) - m1;
        // column 2
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[2];
        hi = Math.multiplyHigh(a[0], a[2]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[1];
        hi = Math.multiplyHigh(a[1], a[1]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m1 >>> 24) - ((m1 << 40) & M) - (m0 >>> 16) - ((m0 << 16) & M);
        long m2 = (cur * N0) & M;
        cur += ((m2 << 32) & M) - m2;
        // column 3
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[3];
        hi = Math.multiplyHigh(a[0], a[3]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[2];
        hi = Math.multiplyHigh(a[1], a[2]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m2 >>> 24) - ((m2 << 40) & M) - (m1 >>> 16) - ((m1 << 16) & M) - (m0 >>> 40);
        long m3 = (cur * N0) & M;
        cur += ((m3 << 32) & M) - m3;
        // column 4
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[4];
        hi = Math.multiplyHigh(a[0], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[3];
        hi = Math.multiplyHigh(a[1], a[3]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[2];
        hi = Math.multiplyHigh(a[2], a[2]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m3 >>> 24) - ((m3 << 40) & M) - (m2 >>> 16) - ((m2 << 16) & M) - (m1 >>> 40);
        long m4 = (cur * N0) & M;
        cur += ((m4 << 32) & M) - m4;
        // column 5
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[5];
        hi = Math.multiplyHigh(a[0], a[5]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[4];
        hi = Math.multiplyHigh(a[1], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[3];
        hi = Math.multiplyHigh(a[2], a[3]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m4 >>> 24) - ((m4 << 40) & M) - (m3 >>> 16) - ((m3 << 16) & M) - (m2 >>> 40);
        long m5 = (cur * N0) & M;
        cur += ((m5 << 32) & M) - m5;
        // column 6
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[6];
        hi = Math.multiplyHigh(a[0], a[6]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[5];
        hi = Math.multiplyHigh(a[1], a[5]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[4];
        hi = Math.multiplyHigh(a[2], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[3] * a[3];
        hi = Math.multiplyHigh(a[3], a[3]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += (m5 >>> 24) - ((m5 << 40) & M) - (m4 >>> 16) - ((m4 << 16) & M) - (m3 >>> 40) + ((m0 << 48) & M);
        long m6 = (cur * N0) & M;
        cur += ((m6 << 32) & M) - m6;
        // column 7
        cur = next + (cur >> W);
        next = 0;
        lo = a[1] * a[6];
        hi = Math.multiplyHigh(a[1], a[6]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[5];
        hi = Math.multiplyHigh(a[2], a[5]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[3] * a[4];
        hi = Math.multiplyHigh(a[3], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m6 >>> 24) - ((m6 << 40) & M) - (m5 >>> 16) - ((m5 << 16) & M) - (m4 >>> 40) + ((m1 << 48) & M) + (m0 >>> 8);
        out[0] = cur & M;
        // column 8
        cur = next + (cur >> W);
        next = 0;
        lo = a[2] * a[6];
        hi = Math.multiplyHigh(a[2], a[6]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[3] * a[5];
        hi = Math.multiplyHigh(a[3], a[5]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[4] * a[4];
        hi = Math.multiplyHigh(a[4], a[4]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += 0 - (m6 >>> 16) - ((m6 << 16) & M) - (m5 >>> 40) + ((m2 << 48) & M) + (m1 >>> 8);
        out[1] = cur & M;
        // column 9
        cur = next + (cur >> W);
        next = 0;
        lo = a[3] * a[6];
        hi = Math.multiplyHigh(a[3], a[6]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[4] * a[5];
        hi = Math.multiplyHigh(a[4], a[5]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        cur += 0 - (m6 >>> 40) + ((m3 << 48) & M) + (m2 >>> 8);
        out[2] = cur & M;
        // column 10
        cur = next + (cur >> W);
        next = 0;
        lo = a[4] * a[6];
        hi = Math.multiplyHigh(a[4], a[6]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[5] * a[5];
        hi = Math.multiplyHigh(a[5], a[5]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += ((m4 << 48) & M) + (m3 >>> 8);
        out[3] = cur & M;
        // column 11
        cur = next + (cur >> W);
        next = 0;
        lo = a[5] * a[6];
        hi = Math.multiplyHigh(a[5], a[6]);
        cur += (lo & M) << 1;
        next += ((hi << 8) | (lo >>> W)) << 1;
        cur += ((m5 << 48) & M) + (m4 >>> 8);
        out[4] = cur & M;
        // column 12
        cur = next + (cur >> W);
        next = 0;
        lo = a[6] * a[6];
        hi = Math.multiplyHigh(a[6], a[6]);
        cur += lo & M;
        next += (hi << 8) | (lo >>> W);
        cur += ((m6 << 48) & M) + (m5 >>> 8);
        out[5] = cur & M;
        // column 13
        cur = next + (cur >> W);
        next = 0;
        cur += (m6 >>> 8);
        out[6] = cur;
    }
}
