package io.tee4j.core.util;

import java.util.Arrays;

/**
 * A map key equal to another exactly when their bytes are equal (a DER certificate, a serialized
 * request). Keeps its own copy, so a caller changing its array afterwards cannot corrupt a map, and
 * computes the hash once.
 *
 * <p>Support code for tee4j's own modules, not API (see the package documentation).
 */
public final class BytesKey {
    private final byte[] bytes;
    private final int hash;

    private BytesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
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
