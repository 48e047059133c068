package io.tee4j.tdx.internal;

import io.tee4j.core.MalformedEvidenceException;
import java.util.Arrays;
import java.util.HexFormat;

/** Bounds-checked little-endian reads over a byte array; every failure is a {@link MalformedEvidenceException}. */
public final class Bytes {
    private static final HexFormat HEX = HexFormat.of();

    private Bytes() {
    }

    public static void need(byte[] b, int offset, int length, String what) throws MalformedEvidenceException {
        if (offset < 0 || length < 0 || offset > b.length || b.length - offset < length) {
            throw new MalformedEvidenceException(what + ": needs " + length + " bytes at offset " + offset
                    + " but the input has " + b.length);
        }
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16
                | (long) (b[off + 3] & 0xFF) << 24) & 0xFFFFFFFFL;
    }

    public static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    public static byte[] slice(byte[] b, int off, int len) {
        return Arrays.copyOfRange(b, off, off + len);
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    public static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses case-insensitive hex of exactly {@code length} bytes, or returns null. */
    public static byte[] parseHex(String s, int length) {
        if (s == null || s.length() != 2 * length) {
            return null;
        }
        try {
            return HEX.parseHex(s.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
