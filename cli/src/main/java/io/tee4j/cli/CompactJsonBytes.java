package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact JSON tokens appended to one growing byte array, each exactly as jackson-core's UTF-8
 * generator writes it (the generator {@link NodeWriter} uses): strings of printable ASCII without a
 * quote or backslash, hex digits, whole numbers and literals directly, these being the same bytes;
 * every other string (escapes, non-ASCII, surrogates), decimal and big numbers, and whole subtrees
 * by a generator of that factory, so their text is the generator's own. The caller places the
 * commas and colons. Not thread-safe: one per reply.
 */
final class CompactJsonBytes {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Something written through a generator of the shared factory. */
    interface GeneratorWrite {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private byte[] bytes;
    private int length;

    CompactJsonBytes(int capacity) {
        bytes = new byte[capacity];
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    CompactJsonBytes raw(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /**
     * The comma before an object's field or an array's item, unless it is the first: the first
     * follows its opening bracket directly, and no value written here ends with one.
     */
    CompactJsonBytes commaUnlessFirst() {
        byte last = length == 0 ? 0 : bytes[length - 1];
        return last == '{' || last == '[' ? this : raw(',');
    }

    /** A literal or other token of ASCII text, as it is ({@code true}, {@code null}). */
    CompactJsonBytes rawAscii(String token) {
        ensure(token.length());
        for (int i = 0; i < token.length(); i++) {
            bytes[length++] = (byte) token.charAt(i);
        }
        return this;
    }

    /**
     * A JSON string (a value or a field name: the generator quotes both alike). Copied and checked
     * in one pass; a string that turns out not to be plain is taken back and written by the generator.
     */
    CompactJsonBytes string(String s) {
        int n = s.length();
        ensure(n + 2);
        byte[] b = bytes;
        int p = length;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return generated(g -> g.writeString(s));
            }
            b[p++] = (byte) c;
        }
        b[p++] = '"';
        length = p;
        return this;
    }

    /** Bytes already in JSON form (a pre-written name and colon), as they are. */
    CompactJsonBytes rawBytes(byte[] token) {
        ensure(token.length);
        System.arraycopy(token, 0, bytes, length, token.length);
        length += token.length;
        return this;
    }

    /** Lower-case hex digits of {@code value} as a JSON string. */
    CompactJsonBytes hexString(byte[] value) {
        ensure(value.length * 2 + 2);
        byte[] b = bytes;
        int p = length;
        b[p++] = '"';
        for (byte v : value) {
            b[p] = HEX_DIGITS[(v >> 4) & 0xf];
            b[p + 1] = HEX_DIGITS[v & 0xf];
            p += 2;
        }
        b[p++] = '"';
        length = p;
        return this;
    }

    /** A whole number: its decimal digits, as the generator writes a long. */
    CompactJsonBytes number(long value) {
        return rawAscii(Long.toString(value));
    }

    CompactJsonBytes number(BigInteger value) {
        return generated(g -> g.writeNumber(value));
    }

    CompactJsonBytes number(double value) {
        return generated(g -> g.writeNumber(value));
    }

    /** Whatever {@code write} writes as one root value of a generator of the shared factory. */
    CompactJsonBytes generated(GeneratorWrite write) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does no I/O", e);
        }
        return rawBytes(out.toByteArray());
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
