package io.tee4j.core.util;

import java.util.Arrays;

/**
 * Small byte-array helpers over ranges the caller has already checked (an out-of-range index is a
 * caller bug and fails with an unchecked exception).
 *
 * <p>Support code for tee4j's own modules, not API (see the package documentation).
 */
public final class ByteArrays {
    private ByteArrays() {
    }

    /** A copy of {@code b[off, off + len)}. */
    public static byte[] slice(byte[] b, int off, int len) {
        return Arrays.copyOfRange(b, off, Math.addExact(off, len));
    }

    /**
     * Whether {@code b[from, to)} is all zero. Examines every byte whatever it finds, so the time
     * taken does not depend on where a secret-dependent non-zero byte is.
     */
    public static boolean allZero(byte[] b, int from, int to) {
        if (from < 0 || to > b.length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + b.length + " bytes");
        }
        int acc = 0;
        for (int i = from; i < to; i++) {
            acc |= b[i];
        }
        return acc == 0;
    }

    public static boolean allZero(byte[] b) {
        return allZero(b, 0, b.length);
    }

    /** The index of the first non-zero byte in {@code [from, to)}, or -1. */
    public static int firstNonZero(byte[] b, int from, int to) {
        if (from < 0 || to > b.length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + b.length + " bytes");
        }
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}
