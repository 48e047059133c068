package io.tee4j.core.crypto;

import java.math.BigInteger;

/**
 * The P-384 field (secp384r1's prime) in Montgomery form on seven limbs of 56 bits; see {@link
 * MontgomeryField} for the representation and the contract. The product is a schoolbook product
 * into column accumulators held in locals (each limb product's low 56 bits into its column, the
 * rest into the next), then 7 rounds of Montgomery reduction, each adding {@code m * p} as the
 * prime's few signed powers of two.
 *
 * <p>Each limb product {@code p = a_i * b_j} (below 2^112) goes into its column as two parts without
 * splitting it by shifts: the plain {@code a_i * b_j}, its low 64 bits, and {@code p >> 56}, which is
 * {@code Math.multiplyHigh(a_i << 7, b_j << 1)} (both operands positive, below 2^63). The column
 * adds the low 64 bits wrapping and the high parts into the next column; subtracting the high
 * parts' sum shifted left by 56 then leaves, modulo 2^64, exactly the sum of the products' low 56
 * bits, which is below 2^59. Four operations per product instead of eight: the field's multiply is
 * the whole cost of a verification.
 *
 * <p><b>Variable time, for public inputs only</b> (ECDSA verification): never for secret values.
 */
final class P384Field extends MontgomeryField {
    private static final int W = 56;
    private static final long M = (1L << W) - 1;
    /**
     * {@code -p^-1 mod 2^56}, so {@code m = c * N0} makes the column {@code c + m * p} end in zeros.
     * It is {@code 2^32 + 1} (p is {@code 2^32 - 1} mod 2^56), so the code computes {@code c * N0} as
     * {@code c + (c << 32)}, a shift and an add on the carry chain instead of a multiply.
     */
    static final long N0 = BigInteger.ONE.shiftLeft(W)
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

    /**
     * One carry pass and no subtraction of 2p: the sum of two values below 4p each stays below 8p,
     * whose top limb (below 2^51) keeps {@link #mul}'s operands below 2^63 after its shifts.
     */
    @Override
    void addLazy(long[] a, long[] b, long[] out) {
        long c0 = a[0] + b[0];
        long c1 = a[1] + b[1] + (c0 >>> W);
        long c2 = a[2] + b[2] + (c1 >>> W);
        long c3 = a[3] + b[3] + (c2 >>> W);
        long c4 = a[4] + b[4] + (c3 >>> W);
        long c5 = a[5] + b[5] + (c4 >>> W);
        out[0] = c0 & M;
        out[1] = c1 & M;
        out[2] = c2 & M;
        out[3] = c3 & M;
        out[4] = c4 & M;
        out[5] = c5 & M;
        out[6] = a[6] + b[6] + (c5 >>> W);
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

    /**
     * {@code a * 2^bits} limb by limb (below 2^388 for a below 2p), then the bits at and above
     * 2^384, q (below 16), folded back as {@code q * (2^128 + 2^96 - 2^32 + 1)}, which is {@code q *
     * 2^384 mod p}: the result is below {@code 2^384 + 2^133 < 2p} and not negative. One pass of
     * carries instead of the two per addition that repeated addition would take.
     */
    @Override
    void shiftLeft(long[] a, int bits, long[] out) {
        long c0 = a[0] << bits;
        long c1 = (a[1] << bits) + (c0 >>> W);
        long c2 = (a[2] << bits) + (c1 >>> W);
        long c3 = (a[3] << bits) + (c2 >>> W);
        long c4 = (a[4] << bits) + (c3 >>> W);
        long c5 = (a[5] << bits) + (c4 >>> W);
        long c6 = (a[6] << bits) + (c5 >>> W);
        long q = c6 >>> 48;
        long d0 = (c0 & M) + q - (q << 32);
        long d1 = (c1 & M) + (q << 40) + (d0 >> W);
        long d2 = (c2 & M) + (q << 16) + (d1 >> W);
        long d3 = (c3 & M) + (d2 >> W);
        long d4 = (c4 & M) + (d3 >> W);
        long d5 = (c5 & M) + (d4 >> W);
        out[0] = d0 & M;
        out[1] = d1 & M;
        out[2] = d2 & M;
        out[3] = d3 & M;
        out[4] = d4 & M;
        out[5] = d5 & M;
        out[6] = (c6 & 0xFFFFFFFFFFFFL) + (d5 >> W);
    }

    @Override
    void mul(long[] a, long[] b, long[] out) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6];
        long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6];
        long x0 = a0 << 7, x1 = a1 << 7, x2 = a2 << 7, x3 = a3 << 7, x4 = a4 << 7, x5 = a5 << 7, x6 = a6 << 7;
        long y0 = b0 << 1, y1 = b1 << 1, y2 = b2 << 1, y3 = b3 << 1, y4 = b4 << 1, y5 = b5 << 1, y6 = b6 << 1;
        // column 0
        long h0 = Math.multiplyHigh(x0, y0);
        long cur = a0 * b0 - (h0 << W);
        long m0 = (cur + (cur << 32)) & M;
        cur += ((m0 << 32) & M) - m0;
        // column 1
        long h1 = Math.multiplyHigh(x0, y1) + Math.multiplyHigh(x1, y0);
        cur = (cur >> W) + (h0 + (a0 * b1 + a1 * b0 - (h1 << W)) + ((m0 >>> 24) - ((m0 << 40) & M)));
        long m1 = (cur + (cur << 32)) & M;
        cur += ((m1 << 32) & M) - m1;
        // column 2
        long h2 = Math.multiplyHigh(x0, y2) + Math.multiplyHigh(x1, y1) + Math.multiplyHigh(x2, y0);
        cur = (cur >> W) + (h1 + (a0 * b2 + a1 * b1 + a2 * b0 - (h2 << W)) + ((m1 >>> 24) - ((m1 << 40) & M) - (m0 >>> 16) - ((m0 << 16) & M)));
        long m2 = (cur + (cur << 32)) & M;
        cur += ((m2 << 32) & M) - m2;
        // column 3
        long h3 = Math.multiplyHigh(x0, y3) + Math.multiplyHigh(x1, y2) + Math.multiplyHigh(x2, y1) + Math.multiplyHigh(x3, y0);
        cur = (cur >> W) + (h2 + (a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 - (h3 << W)) + ((m2 >>> 24) - ((m2 << 40) & M) - (m1 >>> 16) - ((m1 << 16) & M) - (m0 >>> 40)));
        long m3 = (cur + (cur << 32)) & M;
        cur += ((m3 << 32) & M) - m3;
        // column 4
        long h4 = Math.multiplyHigh(x0, y4) + Math.multiplyHigh(x1, y3) + Math.multiplyHigh(x2, y2) + Math.multiplyHigh(x3, y1) + Math.multiplyHigh(x4, y0);
        cur = (cur >> W) + (h3 + (a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 - (h4 << W)) + ((m3 >>> 24) - ((m3 << 40) & M) - (m2 >>> 16) - ((m2 << 16) & M) - (m1 >>> 40)));
        long m4 = (cur + (cur << 32)) & M;
        cur += ((m4 << 32) & M) - m4;
        // column 5
        long h5 = Math.multiplyHigh(x0, y5) + Math.multiplyHigh(x1, y4) + Math.multiplyHigh(x2, y3) + Math.multiplyHigh(x3, y2) + Math.multiplyHigh(x4, y1) + Math.multiplyHigh(x5, y0);
        cur = (cur >> W) + (h4 + (a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0 - (h5 << W)) + ((m4 >>> 24) - ((m4 << 40) & M) - (m3 >>> 16) - ((m3 << 16) & M) - (m2 >>> 40)));
        long m5 = (cur + (cur << 32)) & M;
        cur += ((m5 << 32) & M) - m5;
        // column 6
        long h6 = Math.multiplyHigh(x0, y6) + Math.multiplyHigh(x1, y5) + Math.multiplyHigh(x2, y4) + Math.multiplyHigh(x3, y3) + Math.multiplyHigh(x4, y2) + Math.multiplyHigh(x5, y1) + Math.multiplyHigh(x6, y0);
        cur = (cur >> W) + (h5 + (a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0 - (h6 << W)) + ((m5 >>> 24) - ((m5 << 40) & M) - (m4 >>> 16) - ((m4 << 16) & M) - (m3 >>> 40) + ((m0 << 48) & M)));
        long m6 = (cur + (cur << 32)) & M;
        cur += ((m6 << 32) & M) - m6;
        // column 7
        long h7 = Math.multiplyHigh(x1, y6) + Math.multiplyHigh(x2, y5) + Math.multiplyHigh(x3, y4) + Math.multiplyHigh(x4, y3) + Math.multiplyHigh(x5, y2) + Math.multiplyHigh(x6, y1);
        cur = (cur >> W) + (h6 + (a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 - (h7 << W)) + ((m6 >>> 24) - ((m6 << 40) & M) - (m5 >>> 16) - ((m5 << 16) & M) - (m4 >>> 40) + ((m1 << 48) & M) + (m0 >>> 8)));
        out[0] = cur & M;
        // column 8
        long h8 = Math.multiplyHigh(x2, y6) + Math.multiplyHigh(x3, y5) + Math.multiplyHigh(x4, y4) + Math.multiplyHigh(x5, y3) + Math.multiplyHigh(x6, y2);
        cur = (cur >> W) + (h7 + (a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 - (h8 << W)) + (0 - (m6 >>> 16) - ((m6 << 16) & M) - (m5 >>> 40) + ((m2 << 48) & M) + (m1 >>> 8)));
        out[1] = cur & M;
        // column 9
        long h9 = Math.multiplyHigh(x3, y6) + Math.multiplyHigh(x4, y5) + Math.multiplyHigh(x5, y4) + Math.multiplyHigh(x6, y3);
        cur = (cur >> W) + (h8 + (a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 - (h9 << W)) + (0 - (m6 >>> 40) + ((m3 << 48) & M) + (m2 >>> 8)));
        out[2] = cur & M;
        // column 10
        long h10 = Math.multiplyHigh(x4, y6) + Math.multiplyHigh(x5, y5) + Math.multiplyHigh(x6, y4);
        cur = (cur >> W) + (h9 + (a4 * b6 + a5 * b5 + a6 * b4 - (h10 << W)) + (((m4 << 48) & M) + (m3 >>> 8)));
        out[3] = cur & M;
        // column 11
        long h11 = Math.multiplyHigh(x5, y6) + Math.multiplyHigh(x6, y5);
        cur = (cur >> W) + (h10 + (a5 * b6 + a6 * b5 - (h11 << W)) + (((m5 << 48) & M) + (m4 >>> 8)));
        out[4] = cur & M;
        // column 12
        long h12 = Math.multiplyHigh(x6, y6);
        cur = (cur >> W) + (h11 + (a6 * b6 - (h12 << W)) + (((m6 << 48) & M) + (m5 >>> 8)));
        out[5] = cur & M;
        // column 13
        cur = (cur >> W) + (h12 + ((m6 >>> 8)));
        out[6] = cur;
    }

    @Override
    void square(long[] a, long[] out) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6];
        long x0 = a0 << 7, x1 = a1 << 7, x2 = a2 << 7, x3 = a3 << 7, x4 = a4 << 7, x5 = a5 << 7, x6 = a6 << 7;
        long d0 = a0 << 1, d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1, d4 = a4 << 1, d5 = a5 << 1, d6 = a6 << 1;
        long e0 = a0 << 2, e1 = a1 << 2, e2 = a2 << 2, e3 = a3 << 2, e4 = a4 << 2, e5 = a5 << 2, e6 = a6 << 2;
        // column 0
        long h0 = Math.multiplyHigh(x0, d0);
        long cur = a0 * a0 - (h0 << W);
        long m0 = (cur + (cur << 32)) & M;
        cur += ((m0 << 32) & M) - m0;
        // column 1
        long h1 = Math.multiplyHigh(x0, e1);
        cur = (cur >> W) + (h0 + (a0 * d1 - (h1 << W)) + ((m0 >>> 24) - ((m0 << 40) & M)));
        long m1 = (cur + (cur << 32)) & M;
        cur += ((m1 << 32) & M) - m1;
        // column 2
        long h2 = Math.multiplyHigh(x0, e2) + Math.multiplyHigh(x1, d1);
        cur = (cur >> W) + (h1 + (a0 * d2 + a1 * a1 - (h2 << W)) + ((m1 >>> 24) - ((m1 << 40) & M) - (m0 >>> 16) - ((m0 << 16) & M)));
        long m2 = (cur + (cur << 32)) & M;
        cur += ((m2 << 32) & M) - m2;
        // column 3
        long h3 = Math.multiplyHigh(x0, e3) + Math.multiplyHigh(x1, e2);
        cur = (cur >> W) + (h2 + (a0 * d3 + a1 * d2 - (h3 << W)) + ((m2 >>> 24) - ((m2 << 40) & M) - (m1 >>> 16) - ((m1 << 16) & M) - (m0 >>> 40)));
        long m3 = (cur + (cur << 32)) & M;
        cur += ((m3 << 32) & M) - m3;
        // column 4
        long h4 = Math.multiplyHigh(x0, e4) + Math.multiplyHigh(x1, e3) + Math.multiplyHigh(x2, d2);
        cur = (cur >> W) + (h3 + (a0 * d4 + a1 * d3 + a2 * a2 - (h4 << W)) + ((m3 >>> 24) - ((m3 << 40) & M) - (m2 >>> 16) - ((m2 << 16) & M) - (m1 >>> 40)));
        long m4 = (cur + (cur << 32)) & M;
        cur += ((m4 << 32) & M) - m4;
        // column 5
        long h5 = Math.multiplyHigh(x0, e5) + Math.multiplyHigh(x1, e4) + Math.multiplyHigh(x2, e3);
        cur = (cur >> W) + (h4 + (a0 * d5 + a1 * d4 + a2 * d3 - (h5 << W)) + ((m4 >>> 24) - ((m4 << 40) & M) - (m3 >>> 16) - ((m3 << 16) & M) - (m2 >>> 40)));
        long m5 = (cur + (cur << 32)) & M;
        cur += ((m5 << 32) & M) - m5;
        // column 6
        long h6 = Math.multiplyHigh(x0, e6) + Math.multiplyHigh(x1, e5) + Math.multiplyHigh(x2, e4) + Math.multiplyHigh(x3, d3);
        cur = (cur >> W) + (h5 + (a0 * d6 + a1 * d5 + a2 * d4 + a3 * a3 - (h6 << W)) + ((m5 >>> 24) - ((m5 << 40) & M) - (m4 >>> 16) - ((m4 << 16) & M) - (m3 >>> 40) + ((m0 << 48) & M)));
        long m6 = (cur + (cur << 32)) & M;
        cur += ((m6 << 32) & M) - m6;
        // column 7
        long h7 = Math.multiplyHigh(x1, e6) + Math.multiplyHigh(x2, e5) + Math.multiplyHigh(x3, e4);
        cur = (cur >> W) + (h6 + (a1 * d6 + a2 * d5 + a3 * d4 - (h7 << W)) + ((m6 >>> 24) - ((m6 << 40) & M) - (m5 >>> 16) - ((m5 << 16) & M) - (m4 >>> 40) + ((m1 << 48) & M) + (m0 >>> 8)));
        out[0] = cur & M;
        // column 8
        long h8 = Math.multiplyHigh(x2, e6) + Math.multiplyHigh(x3, e5) + Math.multiplyHigh(x4, d4);
        cur = (cur >> W) + (h7 + (a2 * d6 + a3 * d5 + a4 * a4 - (h8 << W)) + (0 - (m6 >>> 16) - ((m6 << 16) & M) - (m5 >>> 40) + ((m2 << 48) & M) + (m1 >>> 8)));
        out[1] = cur & M;
        // column 9
        long h9 = Math.multiplyHigh(x3, e6) + Math.multiplyHigh(x4, e5);
        cur = (cur >> W) + (h8 + (a3 * d6 + a4 * d5 - (h9 << W)) + (0 - (m6 >>> 40) + ((m3 << 48) & M) + (m2 >>> 8)));
        out[2] = cur & M;
        // column 10
        long h10 = Math.multiplyHigh(x4, e6) + Math.multiplyHigh(x5, d5);
        cur = (cur >> W) + (h9 + (a4 * d6 + a5 * a5 - (h10 << W)) + (((m4 << 48) & M) + (m3 >>> 8)));
        out[3] = cur & M;
        // column 11
        long h11 = Math.multiplyHigh(x5, e6);
        cur = (cur >> W) + (h10 + (a5 * d6 - (h11 << W)) + (((m5 << 48) & M) + (m4 >>> 8)));
        out[4] = cur & M;
        // column 12
        long h12 = Math.multiplyHigh(x6, d6);
        cur = (cur >> W) + (h11 + (a6 * a6 - (h12 << W)) + (((m6 << 48) & M) + (m5 >>> 8)));
        out[5] = cur & M;
        // column 13
        cur = (cur >> W) + (h12 + ((m6 >>> 8)));
        out[6] = cur;
    }
}
