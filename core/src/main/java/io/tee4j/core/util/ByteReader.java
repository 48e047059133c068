package io.tee4j.core.util;

import io.tee4j.core.MalformedEvidenceException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A cursor over a slice of a byte array for parsing untrusted binary structures: every read is
 * bounds-checked against the slice, and a read that does not fit (truncated input, a negative or
 * huge length taken from the input) throws {@link MalformedEvidenceException} naming the field and
 * its absolute offset, never an unchecked exception. Integers are little-endian unless the method
 * name ends in {@code Be}.
 *
 * <p>The reader never copies the array it reads (only {@link #bytes} returns a copy), so the
 * caller must not change the array while parsing. Not thread-safe: one reader per parse.
 *
 * <p>The {@code (prefix, index)} overloads name a numbered field (say {@code "block " + i}) without
 * building the string unless the read fails, for loops on warm paths.
 *
 * <p>Support code for tee4j's own modules, not API (see the package documentation).
 */
public final class ByteReader {
    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;

    private ByteReader(byte[] b, int start, int end) {
        this.b = b;
        this.start = start;
        this.pos = start;
        this.end = end;
    }

    /** A reader over the whole of {@code bytes}. */
    public static ByteReader of(byte[] bytes) {
        return new ByteReader(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length);
    }

    /**
     * A reader over {@code bytes[from, to)}; the bounds usually come from the input, so bad ones
     * are malformed evidence.
     */
    public static ByteReader of(byte[] bytes, int from, int to, String what) throws MalformedEvidenceException {
        Objects.requireNonNull(bytes, "bytes");
        if (from < 0 || to < from || to > bytes.length) {
            throw new MalformedEvidenceException(what + ": range [" + from + ", " + to + ") is outside the "
                    + bytes.length + " bytes of input");
        }
        return new ByteReader(bytes, from, to);
    }

    /** The absolute offset (into the array) of the next byte to read. */
    public int position() {
        return pos;
    }

    /** How many bytes are left before the end of the slice. */
    public int remaining() {
        return end - pos;
    }

    /** Whether any byte is left. */
    public boolean hasRemaining() {
        return pos < end;
    }

    /** Fails unless at least {@code n} bytes remain; {@code n} may come from the input. */
    public void require(int n, String what) throws MalformedEvidenceException {
        if (n < 0) {
            throw new MalformedEvidenceException(what + ": negative length " + n + " at offset " + pos);
        }
        if (n > end - pos) {
            throw new MalformedEvidenceException(what + ": needs " + n + " bytes at offset " + pos + " but "
                    + (end - pos) + " remain");
        }
    }

    /** {@link #require(int, String)} with the field named {@code prefix + index}. */
    public void require(int n, String prefix, int index) throws MalformedEvidenceException {
        if (n < 0 || n > end - pos) {
            require(n, prefix + index);
        }
    }

    /** Fails unless the slice has been read to its end (no trailing bytes). */
    public void requireEnd(String what) throws MalformedEvidenceException {
        if (pos != end) {
            throw new MalformedEvidenceException(what + ": " + (end - pos) + " unexpected trailing bytes at offset "
                    + pos);
        }
    }

    /** Moves past {@code n} bytes. */
    public ByteReader skip(int n, String what) throws MalformedEvidenceException {
        require(n, what);
        pos += n;
        return this;
    }

    /** {@link #skip(int, String)} with the field named {@code prefix + index}. */
    public ByteReader skip(int n, String prefix, int index) throws MalformedEvidenceException {
        require(n, prefix, index);
        pos += n;
        return this;
    }

    /**
     * Moves to the absolute offset {@code offset} (an offset into the array, as {@link #position()}
     * reports), which must lie in the slice, its end included; the offset may come from the input.
     */
    public ByteReader seek(int offset, String what) throws MalformedEvidenceException {
        if (offset < start || offset > end) {
            throw new MalformedEvidenceException(what + ": offset " + offset + " is outside [" + start + ", "
                    + end + "]");
        }
        pos = offset;
        return this;
    }

    public int u8(String what) throws MalformedEvidenceException {
        require(1, what);
        return b[pos++] & 0xFF;
    }

    public int u8(String prefix, int index) throws MalformedEvidenceException {
        require(1, prefix, index);
        return b[pos++] & 0xFF;
    }

    public int u16(String what) throws MalformedEvidenceException {
        require(2, what);
        int v = LittleEndian.u16(b, pos);
        pos += 2;
        return v;
    }

    public int u16(String prefix, int index) throws MalformedEvidenceException {
        require(2, prefix, index);
        int v = LittleEndian.u16(b, pos);
        pos += 2;
        return v;
    }

    public int u24(String what) throws MalformedEvidenceException {
        require(3, what);
        int v = LittleEndian.u16(b, pos) | (b[pos + 2] & 0xFF) << 16;
        pos += 3;
        return v;
    }

    /** An unsigned 32-bit little-endian integer, as a non-negative long. */
    public long u32(String what) throws MalformedEvidenceException {
        require(4, what);
        long v = LittleEndian.u32(b, pos);
        pos += 4;
        return v;
    }

    public long u32(String prefix, int index) throws MalformedEvidenceException {
        require(4, prefix, index);
        long v = LittleEndian.u32(b, pos);
        pos += 4;
        return v;
    }

    /**
     * A 32-bit little-endian length or count that must not exceed {@code max}: the usual guard
     * before allocating or skipping by an amount the input chose.
     */
    public int u32AtMost(int max, String what) throws MalformedEvidenceException {
        int at = pos;
        long v = u32(what);
        if (v > max) {
            pos = at;
            throw new MalformedEvidenceException(what + ": " + v + " at offset " + at + " exceeds the limit " + max);
        }
        return (int) v;
    }

    /** A 64-bit little-endian integer; values of 2^63 and above come back negative (use the unsigned helpers of {@link Long}). */
    public long u64(String what) throws MalformedEvidenceException {
        require(8, what);
        long v = LittleEndian.u64(b, pos);
        pos += 8;
        return v;
    }

    public int u16Be(String what) throws MalformedEvidenceException {
        require(2, what);
        int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public long u32Be(String what) throws MalformedEvidenceException {
        require(4, what);
        long v = (b[pos] & 0xFFL) << 24 | (b[pos + 1] & 0xFFL) << 16 | (b[pos + 2] & 0xFFL) << 8 | (b[pos + 3] & 0xFFL);
        pos += 4;
        return v;
    }

    public long u64Be(String what) throws MalformedEvidenceException {
        require(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[pos + i] & 0xFFL);
        }
        pos += 8;
        return v;
    }

    /** A copy of the next {@code n} bytes. */
    public byte[] bytes(int n, String what) throws MalformedEvidenceException {
        require(n, what);
        byte[] out = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return out;
    }

    public byte[] bytes(int n, String prefix, int index) throws MalformedEvidenceException {
        require(n, prefix, index);
        byte[] out = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return out;
    }

    /** A reader over the next {@code n} bytes (sharing the array), moving this one past them. */
    public ByteReader slice(int n, String what) throws MalformedEvidenceException {
        require(n, what);
        ByteReader sub = new ByteReader(b, pos, pos + n);
        pos += n;
        return sub;
    }

    /** Reads {@code n} bytes that must all be zero (reserved fields), naming the first non-zero one. */
    public void requireZero(int n, String what) throws MalformedEvidenceException {
        require(n, what);
        int nz = ByteArrays.firstNonZero(b, pos, pos + n);
        if (nz >= 0) {
            throw new MalformedEvidenceException(what + ": must be zero but byte " + (nz - pos) + " (offset " + nz
                    + ") is 0x" + Integer.toHexString(b[nz] & 0xFF));
        }
        pos += n;
    }
}
