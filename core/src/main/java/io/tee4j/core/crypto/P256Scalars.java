package io.tee4j.core.crypto;

import org.bouncycastle.math.raw.Mod;
import org.bouncycastle.math.raw.Nat256;

/**
 * Arithmetic modulo the P-256 group order n on eight little-endian 32-bit words, for ECDSA
 * verification's scalars {@code u1 = e/s} and {@code u2 = r/s}: Montgomery multiplication (CIOS,
 * R = 2^256) and Bouncy Castle's variable-time inversion ({@code Mod.modOddInverseVar}, a safegcd),
 * instead of {@code BigInteger}'s allocating multiply, divide and modInverse.
 *
 * <p>With {@code t = s * R^-1} (one Montgomery product by 1), {@code w = t^-1 = s^-1 * R}, so one
 * more Montgomery product by w gives {@code e * s^-1} directly: three products and one inversion.
 *
 * <p><b>Variable time, for public inputs only</b> (ECDSA verification); never for secret scalars.
 */
final class P256Scalars {
    /** n, little-endian words. */
    static final int[] N = {
        0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF};
    /** -n^-1 mod 2^32. */
    private static final int N_PRIME = -Mod.inverse32(N[0]);
    private static final long MASK = 0xFFFFFFFFL;
    /** 1, the Montgomery factor to leave Montgomery form by (read only). */
    private static final int[] ONE = {1, 0, 0, 0, 0, 0, 0, 0};

    private P256Scalars() {
    }

    /**
     * Reads a big-endian unsigned 32-byte integer at {@code offset} into words; false unless it lies in
     * [1, n-1] (the range SEC 1 requires of r and s).
     */
    static boolean readInRange(byte[] bytes, int offset, int[] out) {
        readBigEndian(bytes, offset, out);
        return !Nat256.isZero(out) && !Nat256.gte(out, N);
    }

    /** Reads a big-endian unsigned 32-byte integer at {@code offset} into words. */
    static void readBigEndian(byte[] bytes, int offset, int[] out) {
        for (int i = 0; i < 8; i++) {
            int p = offset + 28 - 4 * i;
            out[i] = (bytes[p] << 24) | ((bytes[p + 1] & 0xFF) << 16) | ((bytes[p + 2] & 0xFF) << 8)
                    | (bytes[p + 3] & 0xFF);
        }
    }

    /**
     * {@code u1 = e/s mod n} and {@code u2 = r/s mod n} for r and s in [1, n-1] and a 32-byte digest
     * (its integer e may exceed n: SEC 1 uses the digest's leftmost 256 bits, all of it here).
     * {@code scratch} holds at least 10 words; {@code w} is a word array for the inverse.
     */
    static void scalars(int[] digestWords, int[] r, int[] s, int[] u1, int[] u2, int[] w, int[] scratch) {
        montgomeryProduct(s, ONE, u2, scratch);         // s * R^-1
        Mod.modOddInverseVar(N, u2, w);                // s^-1 * R (s * R^-1 is a unit: n is prime)
        montgomeryProduct(digestWords, w, u1, scratch); // e * s^-1
        montgomeryProduct(r, w, u2, scratch);          // r * s^-1
    }

    /**
     * {@code a * b * R^-1 mod n}, fully reduced, for {@code a < 2^256} and {@code b < n} (so the
     * unreduced result is below 2n). {@code out} may be either input: it is written last. {@code t}
     * is scratch of at least 10 words.
     */
    static void montgomeryProduct(int[] a, int[] b, int[] out, int[] t) {
        for (int i = 0; i < 10; i++) {
            t[i] = 0;
        }
        for (int i = 0; i < 8; i++) {
            long bi = b[i] & MASK;
            long c = 0;
            for (int j = 0; j < 8; j++) {
                c += (t[j] & MASK) + (a[j] & MASK) * bi;
                t[j] = (int) c;
                c >>>= 32;
            }
            c += t[8] & MASK;
            t[8] = (int) c;
            t[9] = (int) (c >>> 32);
            long m = (t[0] * N_PRIME) & MASK;
            c = ((t[0] & MASK) + m * (N[0] & MASK)) >>> 32;
            for (int j = 1; j < 8; j++) {
                c += (t[j] & MASK) + m * (N[j] & MASK);
                t[j - 1] = (int) c;
                c >>>= 32;
            }
            c += t[8] & MASK;
            t[7] = (int) c;
            t[8] = t[9] + (int) (c >>> 32);
        }
        if (t[8] != 0 || Nat256.gte(t, N)) {
            Nat256.sub(t, N, t);
        }
        System.arraycopy(t, 0, out, 0, 8);
    }
}
