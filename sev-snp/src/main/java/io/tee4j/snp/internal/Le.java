package io.tee4j.snp.internal;

import java.util.Arrays;

/** Little-endian reads and writes on byte arrays, and small byte helpers. Not API. */
public final class Le {
    private Le() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    public static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFFL);
        }
        return v;
    }

    public static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void putU64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static byte[] slice(byte[] b, int off, int len) {
        return Arrays.copyOfRange(b, off, off + len);
    }

    public static boolean allZero(byte[] b, int from, int to) {
        int acc = 0;
        for (int i = from; i < to; i++) {
            acc |= b[i];
        }
        return acc == 0;
    }

    public static boolean allZero(byte[] b) {
        return allZero(b, 0, b.length);
    }

    /** The index of the first non-zero byte in [from, to), or -1. */
    public static int firstNonZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}
