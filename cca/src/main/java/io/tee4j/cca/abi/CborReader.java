package io.tee4j.cca.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A strict, allocation-bounded reader of the CBOR subset (RFC 8949) that CCA tokens use.
 *
 * <p>Why not Jackson's {@code CBORParser}: it turns integer map keys into their decimal text (so
 * claim {@code 10} and a text key {@code "10"} would be the same key), and it silently joins
 * indefinite-length (chunked) byte and text strings, so a decoder on top of it can neither tell
 * the key types apart nor refuse chunked strings. Both matter for a signed-claims decoder. This
 * reader works on a byte array with explicit bounds and gives exact byte ranges, which COSE needs
 * for the protected header and payload.
 *
 * <p>Rules enforced: definite lengths only (major types 2-5 with additional info 31 are refused);
 * reserved additional-information values 28-30 refused; every declared length is checked against
 * the bytes that remain before anything is allocated (an array or map of {@code n} items needs at
 * least {@code n} or {@code 2n} bytes); text strings must be valid UTF-8; nesting depth is bounded
 * by {@link #MAX_DEPTH} when skipping; maps that are skipped are checked for duplicate keys too.
 * Non-shortest integer encodings are accepted: every structure that matters is signed, and the
 * signature covers the exact bytes.
 */
public final class CborReader {
    /** Deepest nesting accepted inside skipped (unknown) values. */
    public static final int MAX_DEPTH = 16;

    public static final int MAJOR_UNSIGNED = 0;
    public static final int MAJOR_NEGATIVE = 1;
    public static final int MAJOR_BYTES = 2;
    public static final int MAJOR_TEXT = 3;
    public static final int MAJOR_ARRAY = 4;
    public static final int MAJOR_MAP = 5;
    public static final int MAJOR_TAG = 6;
    public static final int MAJOR_SIMPLE = 7;

    private final byte[] data;
    private final int end;
    private final String what;
    private int pos;

    private CborReader(byte[] data, int offset, int end, String what) {
        this.data = data;
        this.pos = offset;
        this.end = end;
        this.what = what;
    }

    /** A reader over {@code data[offset, offset+length)}; {@code what} names the item in error messages. */
    public static CborReader over(byte[] data, int offset, int length, String what) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("range outside the array");
        }
        return new CborReader(data, offset, offset + length, what);
    }

    /** A reader over the whole array. */
    public static CborReader over(byte[] data, String what) {
        return new CborReader(data, 0, data.length, what);
    }

    /** The underlying array (not copied; slices returned by this reader index into it). */
    public byte[] data() {
        return data;
    }

    public int position() {
        return pos;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    /** Fails unless every byte was consumed. */
    public void requireEnd() throws MalformedEvidenceException {
        if (pos != end) {
            throw fail((end - pos) + " trailing bytes after the CBOR item");
        }
    }

    /** The major type of the next item, without consuming it. */
    public int peekMajor() throws MalformedEvidenceException {
        need(1);
        return (data[pos] & 0xff) >>> 5;
    }

    /** Reads a tag number. */
    public long readTag() throws MalformedEvidenceException {
        return readHead(MAJOR_TAG, "a tag");
    }

    /** Reads a definite array header and returns the item count. */
    public int readArrayHeader() throws MalformedEvidenceException {
        long n = readHead(MAJOR_ARRAY, "an array");
        if (Long.compareUnsigned(n, end - pos) > 0) {
            throw fail("array declares " + Long.toUnsignedString(n) + " items but only " + (end - pos) + " bytes remain");
        }
        return (int) n;
    }

    /** Reads a definite map header and returns the number of entries. */
    public int readMapHeader() throws MalformedEvidenceException {
        long n = readHead(MAJOR_MAP, "a map");
        if (Long.compareUnsigned(n, (end - pos) / 2) > 0) {
            throw fail("map declares " + Long.toUnsignedString(n) + " entries but only " + (end - pos) + " bytes remain");
        }
        return (int) n;
    }

    /**
     * Reads a byte string and returns {@code {offset, length}} of its content inside
     * {@link #data()}; nothing is copied.
     */
    public int[] readBytesRange() throws MalformedEvidenceException {
        long n = readHead(MAJOR_BYTES, "a byte string");
        if (Long.compareUnsigned(n, end - pos) > 0) {
            throw fail("byte string declares " + Long.toUnsignedString(n) + " bytes but only " + (end - pos) + " remain");
        }
        int[] range = {pos, (int) n};
        pos += (int) n;
        return range;
    }

    /** Reads a byte string and returns a copy of its content. */
    public byte[] readBytes() throws MalformedEvidenceException {
        int[] r = readBytesRange();
        byte[] out = new byte[r[1]];
        System.arraycopy(data, r[0], out, 0, r[1]);
        return out;
    }

    /** Reads a UTF-8 text string of at most {@code maxBytes} encoded bytes. */
    public String readText(int maxBytes) throws MalformedEvidenceException {
        long n = readHead(MAJOR_TEXT, "a text string");
        if (Long.compareUnsigned(n, end - pos) > 0) {
            throw fail("text string declares " + Long.toUnsignedString(n) + " bytes but only " + (end - pos) + " remain");
        }
        if (n > maxBytes) {
            throw fail("text string of " + n + " bytes is longer than the " + maxBytes + " allowed");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, pos, (int) n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail("text string is not valid UTF-8");
        }
        pos += (int) n;
        return s;
    }

    /** Reads an integer (major type 0 or 1) that fits a {@code long}. */
    public long readInt() throws MalformedEvidenceException {
        int major = peekMajor();
        if (major != MAJOR_UNSIGNED && major != MAJOR_NEGATIVE) {
            throw fail("expected an integer, found " + describe(major));
        }
        long v = readHead(major, "an integer");
        if (v < 0) {
            throw fail("integer out of the 64-bit signed range");
        }
        return major == MAJOR_UNSIGNED ? v : -1 - v;
    }

    /** Reads {@code true} or {@code false}. */
    public boolean readBool() throws MalformedEvidenceException {
        need(1);
        int b = data[pos] & 0xff;
        if (b == 0xf4 || b == 0xf5) {
            pos++;
            return b == 0xf5;
        }
        throw fail("expected a boolean, found " + describe(b >>> 5));
    }

    /**
     * Skips one well-formed item of any type and returns {@code {offset, length}} of its encoding.
     * Nesting deeper than {@link #MAX_DEPTH}, indefinite lengths and duplicate map keys are refused.
     */
    public int[] skip() throws MalformedEvidenceException {
        int start = pos;
        skip(0);
        return new int[] {start, pos - start};
    }

    private void skip(int depth) throws MalformedEvidenceException {
        if (depth > MAX_DEPTH) {
            throw fail("CBOR nesting deeper than " + MAX_DEPTH);
        }
        int major = peekMajor();
        switch (major) {
            case MAJOR_UNSIGNED:
            case MAJOR_NEGATIVE:
                readHead(major, "an integer");
                return;
            case MAJOR_BYTES:
                readBytesRange();
                return;
            case MAJOR_TEXT:
                readText(Integer.MAX_VALUE);
                return;
            case MAJOR_ARRAY: {
                int n = readArrayHeader();
                for (int i = 0; i < n; i++) {
                    skip(depth + 1);
                }
                return;
            }
            case MAJOR_MAP: {
                int n = readMapHeader();
                Set<ByteBuffer> keys = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    int keyStart = pos;
                    skip(depth + 1);
                    if (!keys.add(ByteBuffer.wrap(data, keyStart, pos - keyStart).slice())) {
                        throw fail("duplicate map key");
                    }
                    skip(depth + 1);
                }
                return;
            }
            case MAJOR_TAG:
                readTag();
                skip(depth + 1);
                return;
            default:
                skipSimple();
        }
    }

    private void skipSimple() throws MalformedEvidenceException {
        int ib = data[pos] & 0xff;
        int ai = ib & 0x1f;
        if (ai < 24) {
            pos++;
        } else if (ai == 24) {
            need(2);
            if ((data[pos + 1] & 0xff) < 32) {
                throw fail("simple value encoded in two bytes below 32");
            }
            pos += 2;
        } else if (ai == 25) {
            need(3);
            pos += 3;
        } else if (ai == 26) {
            need(5);
            pos += 5;
        } else if (ai == 27) {
            need(9);
            pos += 9;
        } else if (ai == 31) {
            throw fail("unexpected break byte");
        } else {
            throw fail("reserved additional information " + ai);
        }
    }

    /**
     * Reads the head of an item of the expected major type and returns its argument as an unsigned
     * 64-bit bit pattern: callers compare it with {@link Long#compareUnsigned} (a value of 2^63 or
     * more is negative as a {@code long}).
     */
    private long readHead(int expectedMajor, String expected) throws MalformedEvidenceException {
        need(1);
        int ib = data[pos] & 0xff;
        int major = ib >>> 5;
        if (major != expectedMajor) {
            throw fail("expected " + expected + ", found " + describe(major));
        }
        int ai = ib & 0x1f;
        long v;
        if (ai < 24) {
            v = ai;
            pos += 1;
        } else if (ai == 24) {
            need(2);
            v = data[pos + 1] & 0xff;
            pos += 2;
        } else if (ai == 25) {
            need(3);
            v = ((data[pos + 1] & 0xff) << 8) | (data[pos + 2] & 0xff);
            pos += 3;
        } else if (ai == 26) {
            need(5);
            v = 0;
            for (int i = 1; i <= 4; i++) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            pos += 5;
        } else if (ai == 27) {
            need(9);
            v = 0;
            for (int i = 1; i <= 8; i++) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            pos += 9;
        } else if (ai == 31) {
            throw fail("indefinite-length " + expected.replaceFirst("^an? ", "") + " is not allowed");
        } else {
            throw fail("reserved additional information " + ai);
        }
        return v;
    }

    private void need(int n) throws MalformedEvidenceException {
        if (end - pos < n) {
            throw fail("truncated CBOR");
        }
    }

    /** A malformed-evidence error naming the item and the offset. */
    public MalformedEvidenceException fail(String problem) {
        return new MalformedEvidenceException(what + ": " + problem + " (at byte " + pos + ")");
    }

    private static String describe(int major) {
        switch (major) {
            case MAJOR_UNSIGNED:
                return "an unsigned integer";
            case MAJOR_NEGATIVE:
                return "a negative integer";
            case MAJOR_BYTES:
                return "a byte string";
            case MAJOR_TEXT:
                return "a text string";
            case MAJOR_ARRAY:
                return "an array";
            case MAJOR_MAP:
                return "a map";
            case MAJOR_TAG:
                return "a tag";
            default:
                return "a simple value or float";
        }
    }
}
