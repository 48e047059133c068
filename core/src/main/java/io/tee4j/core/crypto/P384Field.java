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

    // 2p in limbs: add and subtract keep results in [0, 2p)
    private static final long T0 = 0x1FFFFFFFEL;
    private static final long T1 = 0xFFFE0000000000L;
    private static final long T2 = 0xFFFFFFFFFDFFFFL;
    private static final long T3 = 0xFFFFFFFFFFFFFFL;
    private static final long T4 = 0xFFFFFFFFFFFFFFL;
    private static final long T5 = 0xFFFFFFFFFFFFFFL;
    private static final long T6 = 0x1FFFFFFFFFFFFL;

    @Override
    void add(long[] a, long[] b, long[] out) {
        // a + b - 2p with carries; when negative, 2p goes back on (the result of a + b)
        long c0 = a[0] + b[0] - T0;
        long c1 = a[1] + b[1] - T1 + (c0 >> W);
        long c2 = a[2] + b[2] - T2 + (c1 >> W);
        long c3 = a[3] + b[3] - T3 + (c2 >> W);
        long c4 = a[4] + b[4] - T4 + (c3 >> W);
        long c5 = a[5] + b[5] - T5 + (c4 >> W);
        long c6 = a[6] + b[6] - T6 + (c5 >> W);
        long mask = c6 >> 63;
        long d0 = (c0 & M) + (T0 & mask);
        long d1 = (c1 & M) + (T1 & mask) + (d0 >> W);
        long d2 = (c2 & M) + (T2 & mask) + (d1 >> W);
        long d3 = (c3 & M) + (T3 & mask) + (d2 >> W);
        long d4 = (c4 & M) + (T4 & mask) + (d3 >> W);
        long d5 = (c5 & M) + (T5 & mask) + (d4 >> W);
        long d6 = c6 + (T6 & mask) + (d5 >> W);
        out[0] = d0 & M;
        out[1] = d1 & M;
        out[2] = d2 & M;
        out[3] = d3 & M;
        out[4] = d4 & M;
        out[5] = d5 & M;
        out[6] = d6;
    }

    @Override
    void subtract(long[] a, long[] b, long[] out) {
        // a - b with carries; when negative, plus 2p
        long c0 = a[0] - b[0];
        long c1 = a[1] - b[1] + (c0 >> W);
        long c2 = a[2] - b[2] + (c1 >> W);
        long c3 = a[3] - b[3] + (c2 >> W);
        long c4 = a[4] - b[4] + (c3 >> W);
        long c5 = a[5] - b[5] + (c4 >> W);
        long c6 = a[6] - b[6] + (c5 >> W);
        long mask = c6 >> 63;
        long d0 = (c0 & M) + (T0 & mask);
        long d1 = (c1 & M) + (T1 & mask) + (d0 >> W);
        long d2 = (c2 & M) + (T2 & mask) + (d1 >> W);
        long d3 = (c3 & M) + (T3 & mask) + (d2 >> W);
        long d4 = (c4 & M) + (T4 & mask) + (d3 >> W);
        long d5 = (c5 & M) + (T5 & mask) + (d4 >> W);
        long d6 = c6 + (T6 & mask) + (d5 >> W);
        out[0] = d0 & M;
        out[1] = d1 & M;
        out[2] = d2 & M;
        out[3] = d3 & M;
        out[4] = d4 & M;
        out[5] = d5 & M;
        out[6] = d6;
    }

    @Override
    void mul(long[] a, long[] b, long[] out) {
        long cur = 0;
        long next = 0;
        long lo;
        long hi;
        lo = a[0] * b[0]; hi = Math.multiplyHigh(a[0], b[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        long m0 = (cur * N0) & M;
        cur += ((m0 << 32) & M) - m0;
        // column 1
        cur = next + (cur >> W); next = 0;
        lo = a[0] * b[1]; hi = Math.multiplyHigh(a[0], b[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[0]; hi = Math.multiplyHigh(a[1], b[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m0 >>> 24) - ((m0 << 40) & M);
        long m1 = (cur * N0) & M;
        cur += ((m1 << 32) & M) - m1;
        // column 2
        cur = next + (cur >> W); next = 0;
        lo = a[0] * b[2]; hi = Math.multiplyHigh(a[0], b[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[1]; hi = Math.multiplyHigh(a[1], b[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[0]; hi = Math.multiplyHigh(a[2], b[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m1 >>> 24) - ((m1 << 40) & M) - (m0 >>> 16) - ((m0 << 16) & M);
        long m2 = (cur * N0) & M;
        cur += ((m2 << 32) & M) - m2;
        // column 3
        cur = next + (cur >> W); next = 0;
        lo = a[0] * b[3]; hi = Math.multiplyHigh(a[0], b[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[2]; hi = Math.multiplyHigh(a[1], b[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[1]; hi = Math.multiplyHigh(a[2], b[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[0]; hi = Math.multiplyHigh(a[3], b[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m2 >>> 24) - ((m2 << 40) & M) - (m1 >>> 16) - ((m1 << 16) & M) - (m0 >>> 40);
        long m3 = (cur * N0) & M;
        cur += ((m3 << 32) & M) - m3;
        // column 4
        cur = next + (cur >> W); next = 0;
        lo = a[0] * b[4]; hi = Math.multiplyHigh(a[0], b[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[3]; hi = Math.multiplyHigh(a[1], b[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[2]; hi = Math.multiplyHigh(a[2], b[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[1]; hi = Math.multiplyHigh(a[3], b[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[0]; hi = Math.multiplyHigh(a[4], b[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m3 >>> 24) - ((m3 << 40) & M) - (m2 >>> 16) - ((m2 << 16) & M) - (m1 >>> 40);
        long m4 = (cur * N0) & M;
        cur += ((m4 << 32) & M) - m4;
        // column 5
        cur = next + (cur >> W); next = 0;
        lo = a[0] * b[5]; hi = Math.multiplyHigh(a[0], b[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[4]; hi = Math.multiplyHigh(a[1], b[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[3]; hi = Math.multiplyHigh(a[2], b[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[2]; hi = Math.multiplyHigh(a[3], b[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[1]; hi = Math.multiplyHigh(a[4], b[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[0]; hi = Math.multiplyHigh(a[5], b[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m4 >>> 24) - ((m4 << 40) & M) - (m3 >>> 16) - ((m3 << 16) & M) - (m2 >>> 40);
        long m5 = (cur * N0) & M;
        cur += ((m5 << 32) & M) - m5;
        // column 6
        cur = next + (cur >> W); next = 0;
        lo = a[0] * b[6]; hi = Math.multiplyHigh(a[0], b[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[1] * b[5]; hi = Math.multiplyHigh(a[1], b[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[4]; hi = Math.multiplyHigh(a[2], b[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[3]; hi = Math.multiplyHigh(a[3], b[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[2]; hi = Math.multiplyHigh(a[4], b[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[1]; hi = Math.multiplyHigh(a[5], b[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[0]; hi = Math.multiplyHigh(a[6], b[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m5 >>> 24) - ((m5 << 40) & M) - (m4 >>> 16) - ((m4 << 16) & M) - (m3 >>> 40) + ((m0 << 48) & M);
        long m6 = (cur * N0) & M;
        cur += ((m6 << 32) & M) - m6;
        // column 7
        cur = next + (cur >> W); next = 0;
        lo = a[1] * b[6]; hi = Math.multiplyHigh(a[1], b[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[2] * b[5]; hi = Math.multiplyHigh(a[2], b[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[4]; hi = Math.multiplyHigh(a[3], b[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[3]; hi = Math.multiplyHigh(a[4], b[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[2]; hi = Math.multiplyHigh(a[5], b[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[1]; hi = Math.multiplyHigh(a[6], b[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m6 >>> 24) - ((m6 << 40) & M) - (m5 >>> 16) - ((m5 << 16) & M) - (m4 >>> 40) + ((m1 << 48) & M) + (m0 >>> 8);
        out[0] = cur & M;
        // column 8
        cur = next + (cur >> W); next = 0;
        lo = a[2] * b[6]; hi = Math.multiplyHigh(a[2], b[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[3] * b[5]; hi = Math.multiplyHigh(a[3], b[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[4]; hi = Math.multiplyHigh(a[4], b[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[3]; hi = Math.multiplyHigh(a[5], b[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[2]; hi = Math.multiplyHigh(a[6], b[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += 0 - (m6 >>> 16) - ((m6 << 16) & M) - (m5 >>> 40) + ((m2 << 48) & M) + (m1 >>> 8);
        out[1] = cur & M;
        // column 9
        cur = next + (cur >> W); next = 0;
        lo = a[3] * b[6]; hi = Math.multiplyHigh(a[3], b[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[4] * b[5]; hi = Math.multiplyHigh(a[4], b[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[4]; hi = Math.multiplyHigh(a[5], b[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[3]; hi = Math.multiplyHigh(a[6], b[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += 0 - (m6 >>> 40) + ((m3 << 48) & M) + (m2 >>> 8);
        out[2] = cur & M;
        // column 10
        cur = next + (cur >> W); next = 0;
        lo = a[4] * b[6]; hi = Math.multiplyHigh(a[4], b[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[5] * b[5]; hi = Math.multiplyHigh(a[5], b[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[4]; hi = Math.multiplyHigh(a[6], b[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += ((m4 << 48) & M) + (m3 >>> 8);
        out[3] = cur & M;
        // column 11
        cur = next + (cur >> W); next = 0;
        lo = a[5] * b[6]; hi = Math.multiplyHigh(a[5], b[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        lo = a[6] * b[5]; hi = Math.multiplyHigh(a[6], b[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += ((m5 << 48) & M) + (m4 >>> 8);
        out[4] = cur & M;
        // column 12
        cur = next + (cur >> W); next = 0;
        lo = a[6] * b[6]; hi = Math.multiplyHigh(a[6], b[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += ((m6 << 48) & M) + (m5 >>> 8);
        out[5] = cur & M;
        // column 13
        cur = next + (cur >> W); next = 0;
        cur += (m6 >>> 8);
        out[6] = cur;
    }

    @Override
    void square(long[] a, long[] out) {
        long cur = 0;
        long next = 0;
        long lo;
        long hi;
        lo = a[0] * a[0]; hi = Math.multiplyHigh(a[0], a[0]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        long m0 = (cur * N0) & M;
        cur += ((m0 << 32) & M) - m0;
        // column 1
        cur = next + (cur >> W); next = 0;
        lo = a[0] * a[1]; hi = Math.multiplyHigh(a[0], a[1]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m0 >>> 24) - ((m0 << 40) & M);
        long m1 = (cur * N0) & M;
        cur += ((m1 << 32) & M) - m1;
        // column 2
        cur = next + (cur >> W); next = 0;
        lo = a[0] * a[2]; hi = Math.multiplyHigh(a[0], a[2]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[1]; hi = Math.multiplyHigh(a[1], a[1]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m1 >>> 24) - ((m1 << 40) & M) - (m0 >>> 16) - ((m0 << 16) & M);
        long m2 = (cur * N0) & M;
        cur += ((m2 << 32) & M) - m2;
        // column 3
        cur = next + (cur >> W); next = 0;
        lo = a[0] * a[3]; hi = Math.multiplyHigh(a[0], a[3]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[2]; hi = Math.multiplyHigh(a[1], a[2]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m2 >>> 24) - ((m2 << 40) & M) - (m1 >>> 16) - ((m1 << 16) & M) - (m0 >>> 40);
        long m3 = (cur * N0) & M;
        cur += ((m3 << 32) & M) - m3;
        // column 4
        cur = next + (cur >> W); next = 0;
        lo = a[0] * a[4]; hi = Math.multiplyHigh(a[0], a[4]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[3]; hi = Math.multiplyHigh(a[1], a[3]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[2]; hi = Math.multiplyHigh(a[2], a[2]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m3 >>> 24) - ((m3 << 40) & M) - (m2 >>> 16) - ((m2 << 16) & M) - (m1 >>> 40);
        long m4 = (cur * N0) & M;
        cur += ((m4 << 32) & M) - m4;
        // column 5
        cur = next + (cur >> W); next = 0;
        lo = a[0] * a[5]; hi = Math.multiplyHigh(a[0], a[5]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[4]; hi = Math.multiplyHigh(a[1], a[4]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[3]; hi = Math.multiplyHigh(a[2], a[3]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m4 >>> 24) - ((m4 << 40) & M) - (m3 >>> 16) - ((m3 << 16) & M) - (m2 >>> 40);
        long m5 = (cur * N0) & M;
        cur += ((m5 << 32) & M) - m5;
        // column 6
        cur = next + (cur >> W); next = 0;
        lo = a[0] * a[6]; hi = Math.multiplyHigh(a[0], a[6]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[1] * a[5]; hi = Math.multiplyHigh(a[1], a[5]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[4]; hi = Math.multiplyHigh(a[2], a[4]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[3] * a[3]; hi = Math.multiplyHigh(a[3], a[3]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += (m5 >>> 24) - ((m5 << 40) & M) - (m4 >>> 16) - ((m4 << 16) & M) - (m3 >>> 40) + ((m0 << 48) & M);
        long m6 = (cur * N0) & M;
        cur += ((m6 << 32) & M) - m6;
        // column 7
        cur = next + (cur >> W); next = 0;
        lo = a[1] * a[6]; hi = Math.multiplyHigh(a[1], a[6]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[2] * a[5]; hi = Math.multiplyHigh(a[2], a[5]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[3] * a[4]; hi = Math.multiplyHigh(a[3], a[4]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        cur += (m6 >>> 24) - ((m6 << 40) & M) - (m5 >>> 16) - ((m5 << 16) & M) - (m4 >>> 40) + ((m1 << 48) & M) + (m0 >>> 8);
        out[0] = cur & M;
        // column 8
        cur = next + (cur >> W); next = 0;
        lo = a[2] * a[6]; hi = Math.multiplyHigh(a[2], a[6]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[3] * a[5]; hi = Math.multiplyHigh(a[3], a[5]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[4] * a[4]; hi = Math.multiplyHigh(a[4], a[4]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += 0 - (m6 >>> 16) - ((m6 << 16) & M) - (m5 >>> 40) + ((m2 << 48) & M) + (m1 >>> 8);
        out[1] = cur & M;
        // column 9
        cur = next + (cur >> W); next = 0;
        lo = a[3] * a[6]; hi = Math.multiplyHigh(a[3], a[6]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[4] * a[5]; hi = Math.multiplyHigh(a[4], a[5]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        cur += 0 - (m6 >>> 40) + ((m3 << 48) & M) + (m2 >>> 8);
        out[2] = cur & M;
        // column 10
        cur = next + (cur >> W); next = 0;
        lo = a[4] * a[6]; hi = Math.multiplyHigh(a[4], a[6]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        lo = a[5] * a[5]; hi = Math.multiplyHigh(a[5], a[5]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += ((m4 << 48) & M) + (m3 >>> 8);
        out[3] = cur & M;
        // column 11
        cur = next + (cur >> W); next = 0;
        lo = a[5] * a[6]; hi = Math.multiplyHigh(a[5], a[6]);
        cur += (lo & M) << 1; next += ((hi << 8) | (lo >>> W)) << 1;
        cur += ((m5 << 48) & M) + (m4 >>> 8);
        out[4] = cur & M;
        // column 12
        cur = next + (cur >> W); next = 0;
        lo = a[6] * a[6]; hi = Math.multiplyHigh(a[6], a[6]);
        cur += lo & M; next += (hi << 8) | (lo >>> W);
        cur += ((m6 << 48) & M) + (m5 >>> 8);
        out[5] = cur & M;
        // column 13
        cur = next + (cur >> W); next = 0;
        cur += (m6 >>> 8);
        out[6] = cur;
    }
}
