package io.tee4j.measure.internal;

import io.tee4j.core.MalformedEvidenceException;
import java.util.Arrays;

/**
 * Little-endian reads from a byte array at absolute offsets, each bounds-checked first: a read
 * outside the array is a {@link MalformedEvidenceException} naming the field, never an
 * {@link IndexOutOfBoundsException}. Offsets are {@code long} so that a value read from the input
 * (an unsigned 32-bit offset, say) can be checked before any narrowing.
 */
public final class LeReader {
    private final byte[] data;
    private final String what;

    /** Reads {@code data} (not copied), naming it {@code what} in errors (e.g. "firmware"). */
    public LeReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    public int length() {
        return data.length;
    }

    /** Fails unless {@code [offset, offset + length)} lies inside the data. */
    public void need(long offset, long length, String field) throws MalformedEvidenceException {
        if (offset < 0 || length < 0 || offset > data.length || length > data.length - offset) {
            throw new MalformedEvidenceException(what + ": " + field + " (" + length + " bytes at offset "
                    + offset + ") lies outside the " + data.length + " bytes");
        }
    }

    public int u8(long offset, String field) throws MalformedEvidenceException {
        need(offset, 1, field);
        return data[(int) offset] & 0xFF;
    }

    public int u16(long offset, String field) throws MalformedEvidenceException {
        need(offset, 2, field);
        int p = (int) offset;
        return (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8;
    }

    /** An unsigned 32-bit value. */
    public long u32(long offset, String field) throws MalformedEvidenceException {
        need(offset, 4, field);
        return Le.u32(data, (int) offset);
    }

    /** A 64-bit value (callers compare it unsigned where it matters). */
    public long u64(long offset, String field) throws MalformedEvidenceException {
        need(offset, 8, field);
        return Le.u64(data, (int) offset);
    }

    /** A copy of {@code length} bytes at {@code offset}. */
    public byte[] bytes(long offset, int length, String field) throws MalformedEvidenceException {
        need(offset, length, field);
        return Arrays.copyOfRange(data, (int) offset, (int) offset + length);
    }

    /** True when the bytes at {@code offset} equal {@code expected} (false when they lie outside). */
    public boolean matches(long offset, byte[] expected) {
        if (offset < 0 || offset > data.length - expected.length) {
            return false;
        }
        return Arrays.equals(data, (int) offset, (int) offset + expected.length, expected, 0, expected.length);
    }
}
