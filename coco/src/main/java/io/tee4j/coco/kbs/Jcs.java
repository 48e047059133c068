package io.tee4j.coco.kbs;

import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import io.tee4j.json.JsonStrings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JCS) canonical JSON for the trees {@link Json} reads: members sorted by UTF-16 code
 * units, no whitespace, minimal string escaping. This is the form trustee and guest-components hash
 * for the runtime-data binding ({@code serde_json_canonicalizer}), and the form every KBS message is
 * written in here.
 *
 * <p>Numbers: integers within the IEEE-754 exact range (|n| &lt;= 2^53) are written as decimal, as
 * ECMAScript would; any other number is refused rather than approximated, because no RCAR object
 * carries one and a wrong canonical form would silently break the binding.
 */
public final class Jcs {
    private static final BigInteger MAX_EXACT = BigInteger.ONE.shiftLeft(53);

    private Jcs() {
    }

    /** The canonical UTF-8 bytes of {@code tree}. */
    public static byte[] canonicalize(Object tree) throws JsonException {
        StringBuilder out = new StringBuilder();
        write(tree, out, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code json} with the strict reader and returns its canonical bytes. */
    public static byte[] canonicalize(byte[] json) throws JsonException {
        return canonicalize(Json.parse(json));
    }

    private static void write(Object v, StringBuilder out, int depth) throws JsonException {
        if (depth > Json.MAX_DEPTH) {
            throw new JsonException("JSON nested deeper than " + Json.MAX_DEPTH);
        }
        if (v == null || v == Json.NULL) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof String s) {
            JsonStrings.appendQuoted(s, out);
        } else if (v instanceof Map<?, ?> m) {
            object(m, out, depth);
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(l.get(i), out, depth + 1);
            }
            out.append(']');
        } else if (v instanceof BigInteger n) {
            number(n, out);
        } else if (v instanceof Integer || v instanceof Long) {
            number(BigInteger.valueOf(((Number) v).longValue()), out);
        } else {
            throw new JsonException("JCS: only integers are canonicalised here, found " + v.getClass().getSimpleName());
        }
    }

    private static void object(Map<?, ?> m, StringBuilder out, int depth) throws JsonException {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) {
            keys.add((String) k);
        }
        // String.compareTo orders by UTF-16 code units, which is exactly RFC 8785 section 3.2.3.
        keys.sort(String::compareTo);
        out.append('{');
        boolean first = true;
        for (String k : keys) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonStrings.appendQuoted(k, out);
            out.append(':');
            write(m.get(k), out, depth + 1);
        }
        out.append('}');
    }

    private static void number(BigInteger n, StringBuilder out) throws JsonException {
        if (n.abs().compareTo(MAX_EXACT) > 0) {
            throw new JsonException("JCS: integer outside the exact IEEE-754 range");
        }
        out.append(n.toString());
    }
}
