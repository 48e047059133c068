package io.tee4j.testing;

/**
 * Little-endian writes into byte arrays, for simulators that lay out firmware structures byte by
 * byte. Kept here so that simulators need not reach into a backend's {@code internal} package.
 */
public final class LittleEndian {
    private LittleEndian() {
    }

    /** Writes the low 32 bits of {@code value} at {@code offset}, least significant byte first. */
    public static void putU32(byte[] bytes, int offset, long value) {
        put(bytes, offset, value, 4);
    }

    /** Writes {@code value} at {@code offset}, least significant byte first. */
    public static void putU64(byte[] bytes, int offset, long value) {
        put(bytes, offset, value, 8);
    }

    private static void put(byte[] bytes, int offset, long value, int width) {
        for (int i = 0; i < width; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
