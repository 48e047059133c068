package io.tee4j.core.crypto;

import java.math.BigInteger;

/**
 * The P-256 field (secp256r1's prime) in Montgomery form on four limbs of 52 bits; see {@link
 * MontgomeryField} for the representation and the contract. The product is a schoolbook product
 * into column accumulators held in locals (each limb product's low 52 bits into its column, the
 * rest into the next), then 5 rounds of Montgomery reduction, each adding {@code m * p} as the
 * prime's few signed powers of two.
 *
 * <p><b>Variable time, for public inputs only</b> (ECDSA verification): never for secret values.
 */
final class P256Field extends MontgomeryField {
    private static final int W = 52;
    private static final long M = (1L << W) - 1;
    static final P256Field INSTANCE = new P256Field();

    private P256Field() {
        super(prime(), 5, W);
    }

    private static BigInteger prime() {
        return BigInteger.TWO.pow(256).subtract(BigInteger.TWO.pow(224)).add(BigInteger.TWO.pow(192))
                .add(BigInteger.TWO.pow(96)).subtract(BigInteger.ONE);
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
        next += (hi << 12) | (lo >>> W);
        long m0 = cur & M;
        cur -= m0;
        // column 1
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[1];
        hi = Math.multiplyHigh(a[0], b[1]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[1] * b[0];
        hi = Math.multiplyHigh(a[1], b[0]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m0 << 44) & M);
        long m1 = cur & M;
        cur -= m1;
        // column 2
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[2];
        hi = Math.multiplyHigh(a[0], b[2]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[1] * b[1];
        hi = Math.multiplyHigh(a[1], b[1]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[2] * b[0];
        hi = Math.multiplyHigh(a[2], b[0]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m1 << 44) & M) + (m0 >>> 8);
        long m2 = cur & M;
        cur -= m2;
        // column 3
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[3];
        hi = Math.multiplyHigh(a[0], b[3]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[1] * b[2];
        hi = Math.multiplyHigh(a[1], b[2]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[2] * b[1];
        hi = Math.multiplyHigh(a[2], b[1]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[3] * b[0];
        hi = Math.multiplyHigh(a[3], b[0]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m2 << 44) & M) + (m1 >>> 8) + ((m0 << 36) & M);
        long m3 = cur & M;
        cur -= m3;
        // column 4
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * b[4];
        hi = Math.multiplyHigh(a[0], b[4]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[1] * b[3];
        hi = Math.multiplyHigh(a[1], b[3]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[2] * b[2];
        hi = Math.multiplyHigh(a[2], b[2]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[3] * b[1];
        hi = Math.multiplyHigh(a[3], b[1]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[4] * b[0];
        hi = Math.multiplyHigh(a[4], b[0]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m3 << 44) & M) + (m2 >>> 8) + ((m1 << 36) & M) + (m0 >>> 16) - ((m0 << 16) & M) + ((m0 << 48) & M);
        long m4 = cur & M;
        cur -= m4;
        // column 5
        cur = next + (cur >> W);
        next = 0;
        lo = a[1] * b[4];
        hi = Math.multiplyHigh(a[1], b[4]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[2] * b[3];
        hi = Math.multiplyHigh(a[2], b[3]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[3] * b[2];
        hi = Math.multiplyHigh(a[3], b[2]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[4] * b[1];
        hi = Math.multiplyHigh(a[4], b[1]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m4 << 44) & M) + (m3 >>> 8) + ((m2 << 36) & M) + (m1 >>> 16) - ((m1 << 16) & M) + ((m1 << 48) & M) + (m0 >>> 4) - (m0 >>> 36);
        out[0] = cur & M;
        // column 6
        cur = next + (cur >> W);
        next = 0;
        lo = a[2] * b[4];
        hi = Math.multiplyHigh(a[2], b[4]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[3] * b[3];
        hi = Math.multiplyHigh(a[3], b[3]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[4] * b[2];
        hi = Math.multiplyHigh(a[4], b[2]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += (m4 >>> 8) + ((m3 << 36) & M) + (m2 >>> 16) - ((m2 << 16) & M) + ((m2 << 48) & M) + (m1 >>> 4) - (m1 >>> 36);
        out[1] = cur & M;
        // column 7
        cur = next + (cur >> W);
        next = 0;
        lo = a[3] * b[4];
        hi = Math.multiplyHigh(a[3], b[4]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        lo = a[4] * b[3];
        hi = Math.multiplyHigh(a[4], b[3]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m4 << 36) & M) + (m3 >>> 16) - ((m3 << 16) & M) + ((m3 << 48) & M) + (m2 >>> 4) - (m2 >>> 36);
        out[2] = cur & M;
        // column 8
        cur = next + (cur >> W);
        next = 0;
        lo = a[4] * b[4];
        hi = Math.multiplyHigh(a[4], b[4]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += (m4 >>> 16) - ((m4 << 16) & M) + ((m4 << 48) & M) + (m3 >>> 4) - (m3 >>> 36);
        out[3] = cur & M;
        // column 9
        cur = next + (cur >> W);
        next = 0;
        cur += (m4 >>> 4) - (m4 >>> 36);
        out[4] = cur;
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
        next += (hi << 12) | (lo >>> W);
        long m0 = cur & M;
        cur -= m0;
        // column 1
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[1];
        hi = Math.multiplyHigh(a[0], a[1]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        cur += ((m0 << 44) & M);
        long m1 = cur & M;
        cur -= m1;
        // column 2
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[2];
        hi = Math.multiplyHigh(a[0], a[2]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        lo = a[1] * a[1];
        hi = Math.multiplyHigh(a[1], a[1]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m1 << 44) & M) + (m0 >>> 8);
        long m2 = cur & M;
        cur -= m2;
        // column 3
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[3];
        hi = Math.multiplyHigh(a[0], a[3]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        lo = a[1] * a[2];
        hi = Math.multiplyHigh(a[1], a[2]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        cur += ((m2 << 44) & M) + (m1 >>> 8) + ((m0 << 36) & M);
        long m3 = cur & M;
        cur -= m3;
        // column 4
        cur = next + (cur >> W);
        next = 0;
        lo = a[0] * a[4];
        hi = Math.multiplyHigh(a[0], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        lo = a[1] * a[3];
        hi = Math.multiplyHigh(a[1], a[3]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        lo = a[2] * a[2];
        hi = Math.multiplyHigh(a[2], a[2]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += ((m3 << 44) & M) + (m2 >>> 8) + ((m1 << 36) & M) + (m0 >>> 16) - ((m0 << 16) & M) + ((m0 << 48) & M);
        long m4 = cur & M;
        cur -= m4;
        // column 5
        cur = next + (cur >> W);
        next = 0;
        lo = a[1] * a[4];
        hi = Math.multiplyHigh(a[1], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        lo = a[2] * a[3];
        hi = Math.multiplyHigh(a[2], a[3]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        cur += ((m4 << 44) & M) + (m3 >>> 8) + ((m2 << 36) & M) + (m1 >>> 16) - ((m1 << 16) & M) + ((m1 << 48) & M) + (m0 >>> 4) - (m0 >>> 36);
        out[0] = cur & M;
        // column 6
        cur = next + (cur >> W);
        next = 0;
        lo = a[2] * a[4];
        hi = Math.multiplyHigh(a[2], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        lo = a[3] * a[3];
        hi = Math.multiplyHigh(a[3], a[3]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += (m4 >>> 8) + ((m3 << 36) & M) + (m2 >>> 16) - ((m2 << 16) & M) + ((m2 << 48) & M) + (m1 >>> 4) - (m1 >>> 36);
        out[1] = cur & M;
        // column 7
        cur = next + (cur >> W);
        next = 0;
        lo = a[3] * a[4];
        hi = Math.multiplyHigh(a[3], a[4]);
        cur += (lo & M) << 1;
        next += ((hi << 12) | (lo >>> W)) << 1;
        cur += ((m4 << 36) & M) + (m3 >>> 16) - ((m3 << 16) & M) + ((m3 << 48) & M) + (m2 >>> 4) - (m2 >>> 36);
        out[2] = cur & M;
        // column 8
        cur = next + (cur >> W);
        next = 0;
        lo = a[4] * a[4];
        hi = Math.multiplyHigh(a[4], a[4]);
        cur += lo & M;
        next += (hi << 12) | (lo >>> W);
        cur += (m4 >>> 16) - ((m4 << 16) & M) + ((m4 << 48) & M) + (m3 >>> 4) - (m3 >>> 36);
        out[3] = cur & M;
        // column 9
        cur = next + (cur >> W);
        next = 0;
        cur += (m4 >>> 4) - (m4 >>> 36);
        out[4] = cur;
    }
}
