package io.tee4j.envelope;

import io.tee4j.json.Json;
import io.tee4j.json.JsonStrings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JSON text as Rust's {@code serde_json::to_string} writes it: compact (no white space), object
 * members in insertion order (serde's struct field order; guest-components and trustee build
 * serde_json with {@code preserve_order}), integers of any size in decimal (a u64 field such as an
 * SNP policy is not squeezed through a double), strings with only the quote, the backslash and control
 * characters escaped (the two-letter escapes b, t, n, f, r, others as six-character hex escapes), everything else verbatim in UTF-8.
 *
 * <p>Values: {@link Map} (string keys), {@link List}, {@link String}, {@link BigInteger}, {@link Long},
 * {@link Integer}, {@link Boolean}, {@code null} or {@link Json#NULL}. Anything else is a programming
 * error ({@link IllegalArgumentException}); trees from {@link Json#parse} are always writable.
 *
 * @since 0.1
 */
public final class SerdeJson {
    private SerdeJson() {
    }

    /** The compact UTF-8 text of {@code tree}. */
    public static byte[] write(Object tree) {
        StringBuilder out = new StringBuilder();
        value(tree, out, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(Object v, StringBuilder out, int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw new IllegalArgumentException("JSON tree deeper than " + Json.MAX_DEPTH);
        }
        if (v == null || v == Json.NULL) {
            out.append("null");
        } else if (v instanceof String s) {
            JsonStrings.appendQuoted(s, out);
        } else if (v instanceof BigInteger || v instanceof Long || v instanceof Integer || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("JSON object key is not a string: " + e.getKey());
                }
                out.append(first ? "" : ",");
                first = false;
                JsonStrings.appendQuoted(k, out);
                out.append(':');
                value(e.getValue(), out, depth + 1);
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ",");
                value(l.get(i), out, depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }
}
