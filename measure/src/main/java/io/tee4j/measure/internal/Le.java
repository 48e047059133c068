package io.tee4j.measure.internal;

/**
 * Little-endian encoding into and out of byte arrays whose bounds the caller has already checked
 * (structures this module builds itself, or ranges {@link LeReader} has vetted).
 */
public final class Le {
    private Le() {
    }

    public static void putU16(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
    }

    public static void putU32(byte[] b, int offset, long value) {
        for (int i = 0; i < 4; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    public static void putU64(byte[] b, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    public static long u32(byte[] b, int offset) {
        return (b[offset] & 0xFFL) | (b[offset + 1] & 0xFFL) << 8 | (b[offset + 2] & 0xFFL) << 16
                | (b[offset + 3] & 0xFFL) << 24;
    }

    public static long u64(byte[] b, int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[offset + i] & 0xFFL);
        }
        return v;
    }

    /** {@code value} as {@code length} little-endian bytes; fails if it does not fit. */
    public static byte[] unsignedLittleEndian(java.math.BigInteger value, int length) {
        byte[] be = value.toByteArray();
        int start = be.length > 1 && be[0] == 0 ? 1 : 0;
        int n = be.length - start;
        if (value.signum() < 0 || n > length) {
            throw new IllegalArgumentException("value does not fit in " + length + " bytes");
        }
        byte[] out = new byte[length];
        for (int i = 0; i < n; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    /** The unsigned integer whose little-endian encoding is {@code le}. */
    public static java.math.BigInteger unsignedFromLittleEndian(byte[] le, int offset, int length) {
        byte[] be = new byte[length];
        for (int i = 0; i < length; i++) {
            be[length - 1 - i] = le[offset + i];
        }
        return new java.math.BigInteger(1, be);
    }
}
