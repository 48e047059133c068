package io.tee4j.core.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A map key equal to another exactly when their bytes are equal (a DER certificate, a serialized
 * request). Keeps its own copy, so a caller changing its array afterwards cannot corrupt a map, and
 * computes the hash once, over every byte, eight at a time ({@link Arrays#hashCode(byte[])} reads one
 * byte per multiply and was a visible share of a warm SEV-SNP verification, whose revocation decision
 * is keyed by about 4 KB of certificate and CRL bytes).
 *
 * <p>Support code for tee4j's own modules, not API (see the package documentation).
 */
public final class BytesKey {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private final byte[] bytes;
    private final int hash;

    private BytesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    /** A hash of every byte of {@code b} (not a cryptographic one: equality still compares the bytes). */
    private static int hash(byte[] b) {
        long h = b.length;
        int i = 0;
        for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
            h = (h + (long) LONGS.get(b, i)) * MULTIPLIER;
        }
        for (; i < b.length; i++) {
            h = (h + (b[i] & 0xff)) * MULTIPLIER;
        }
        return (int) (h ^ h >>> 32);
    }

    /** A key over a copy of {@code bytes}. */
    public static BytesKey of(byte[] bytes) {
        return new BytesKey(bytes.clone());
    }

    /** How many bytes the key holds. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesKey && ((BytesKey) o).hash == hash && Arrays.equals(((BytesKey) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "BytesKey[" + bytes.length + " bytes]";
    }
}
