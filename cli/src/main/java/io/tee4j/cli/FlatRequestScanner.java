package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast reading of a sidecar request body that is a flat JSON object: keys and string values
 * in printable ASCII without escapes, {@code true}, {@code false}, {@code null}, and arrays of such
 * strings, with JSON white space between tokens. What a verify request usually is. Such a body
 * has exactly the fields, values and order the strict tree reader ({@link Json#readStrict}) gives
 * it, so {@link RequestFields} answers the same from either; here string values stay byte ranges
 * of the body, and the evidence's base64 is decoded from those bytes with no string of it (its
 * JSON string decoding was most of reading a warm TDX request).
 *
 * <p>Anything else is not read here: an escape or any other byte in a string, a number, a nested
 * object (a policy), a key given twice, anything after the object, any syntax error, a string
 * or key of more than half the length the strict reader allows (so its own limit decides those).
 * {@link #scan} then answers null, and the caller reads the body with the strict tree reader,
 * which accepts it or names the problem exactly as it always has.
 */
final class FlatRequestScanner {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final byte[] body;
    private int at;

    private FlatRequestScanner(byte[] body) {
        this.body = body;
    }

    /** The fields of a flat request object in document order, or null when the body is not one. */
    static Map<String, RequestFields.Value> scan(byte[] body) {
        return new FlatRequestScanner(body).object();
    }

    private Map<String, RequestFields.Value> object() {
        skipWhiteSpace();
        if (!take('{')) {
            return null;
        }
        Map<String, RequestFields.Value> fields = new LinkedHashMap<>();
        skipWhiteSpace();
        if (!take('}')) {
            do {
                skipWhiteSpace();
                RequestFields.RawText key = string();
                skipWhiteSpace();
                if (key == null || key.to() - key.from() > Json.MAX_NAME_LENGTH / 2 || !take(':')) {
                    return null;
                }
                skipWhiteSpace();
                RequestFields.Value value = value();
                if (value == null || fields.put(key.text(), value) != null) {
                    return null;
                }
                skipWhiteSpace();
            } while (take(','));
            if (!take('}')) {
                return null;
            }
        }
        skipWhiteSpace();
        return at == body.length ? fields : null;
    }

    private RequestFields.Value value() {
        if (at >= body.length) {
            return null;
        }
        switch (body[at]) {
            case '"':
                return string();
            case '[':
                return list();
            case 't':
                return literal("true") ? new RequestFields.JsonValue(BooleanNode.TRUE) : null;
            case 'f':
                return literal("false") ? new RequestFields.JsonValue(BooleanNode.FALSE) : null;
            case 'n':
                return literal("null") ? new RequestFields.JsonValue(NullNode.getInstance()) : null;
            default:
                return null;
        }
    }

    private RequestFields.RawTextList list() {
        at++; // '['
        List<RequestFields.RawText> items = new ArrayList<>();
        skipWhiteSpace();
        if (take(']')) {
            return new RequestFields.RawTextList(items);
        }
        do {
            skipWhiteSpace();
            RequestFields.RawText item = string();
            if (item == null) {
                return null;
            }
            items.add(item);
            skipWhiteSpace();
        } while (take(','));
        return take(']') ? new RequestFields.RawTextList(items) : null;
    }

    /**
     * A string of printable ASCII without escapes, as the range of its content; null for anything
     * else. Eight bytes at a time while none of them is a quote, a backslash, a control character
     * or beyond ASCII; byte by byte from the first word that holds one.
     */
    private RequestFields.RawText string() {
        if (!take('"')) {
            return null;
        }
        int from = at;
        int i = from;
        while (i + Long.BYTES <= body.length && plainWord((long) LONGS.get(body, i))) {
            i += Long.BYTES;
        }
        for (; i < body.length; i++) {
            byte c = body[i];
            if (c == '"') {
                at = i + 1;
                return i - from <= Json.MAX_STRING_LENGTH / 2 ? new RequestFields.RawText(body, from, i) : null;
            }
            if (c < 0x20 || c == '\\') { // negative: a byte beyond ASCII
                return null;
            }
        }
        return null;
    }

    /**
     * Whether none of the word's eight bytes is a quote, a backslash, below 0x20 or above 0x7f.
     * {@code (word - 0x20..) | word} sets a byte's high bit for a byte below 0x20 (a borrow into a
     * byte only comes from a lower one below 0x20, already caught) or above 0x7f; when no byte is
     * above 0x7f, {@code (word ^ c..) - 0x01..} sets the high bit of a byte equal to {@code c}
     * (again a borrow only follows such a byte). So the word is plain exactly when no high bit is set.
     */
    private static boolean plainWord(long word) {
        long flags = (word - ONES * 0x20) | word | ((word ^ (ONES * '"')) - ONES) | ((word ^ (ONES * '\\')) - ONES);
        return (flags & HIGH_BITS) == 0;
    }

    private boolean literal(String word) {
        if (at + word.length() > body.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (body[at + i] != word.charAt(i)) {
                return false;
            }
        }
        at += word.length();
        return true;
    }

    private boolean take(char c) {
        if (at < body.length && body[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    /** JSON's white space: space, tab, line feed, carriage return. */
    private void skipWhiteSpace() {
        while (at < body.length && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
            at++;
        }
    }
}
