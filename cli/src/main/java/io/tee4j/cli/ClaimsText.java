package io.tee4j.cli;

import io.tee4j.core.Claims;
import io.tee4j.json.JsonStrings;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The terminal (text) form of a claims tree, written without Jackson: a one-shot
 * {@code tee4j verify} with text output then never loads Jackson's databind (about 300 classes,
 * a fifth of the command's start-up). Each value reads exactly as its {@link Json#value} node did:
 * byte arrays as lower-case hex, scalars as the node's text, lists and maps as compact JSON with
 * Jackson's escaping. Rendering only: nothing here checks a claim.
 */
final class ClaimsText {

    private ClaimsText() {
    }

    /** A readable indented text form of a claims tree, for terminals. */
    static void append(StringBuilder out, Claims claims, String indent) {
        for (Map.Entry<String, Object> e : claims.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Claims) {
                out.append(indent).append(e.getKey()).append(":\n");
                append(out, (Claims) v, indent + "  ");
            } else if (v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof Claims) {
                out.append(indent).append(e.getKey()).append(":\n");
                int i = 0;
                for (Object item : (List<?>) v) {
                    out.append(indent).append("  [").append(i++).append("]\n");
                    if (item instanceof Claims) {
                        append(out, (Claims) item, indent + "    ");
                    } else {
                        // A list or map here printed as nothing (a container node's asText); kept so.
                        out.append(indent).append("    ").append(isContainer(item) ? "" : text(item)).append('\n');
                    }
                }
            } else {
                out.append(indent).append(e.getKey()).append(": ").append(text(v)).append('\n');
            }
        }
    }

    /** A value's text: a container as compact JSON, a scalar as itself (Jackson's {@code asText}). */
    static String text(Object v) {
        if (isContainer(v)) {
            StringBuilder out = new StringBuilder();
            writeJson(out, v);
            return out.toString();
        }
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[]) {
            return HexFormat.of().formatHex((byte[]) v);
        }
        if (v instanceof Number) {
            return numberText((Number) v);
        }
        return v.toString();
    }

    private static boolean isContainer(Object v) {
        return v instanceof Claims || v instanceof List || v instanceof Map;
    }

    /** Numbers as {@link Json#value} stores them: whole types as long, BigInteger as is, others as double. */
    private static String numberText(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return Long.toString(n.longValue());
        }
        if (n instanceof BigInteger) {
            return n.toString();
        }
        return Double.toString(n.doubleValue());
    }

    /** Compact JSON, as Jackson's {@code JsonNode.toString()} writes the tree {@link Json#value} builds. */
    static void writeJson(StringBuilder out, Object v) {
        if (v instanceof Claims) {
            writeObject(out, ((Claims) v).asMap());
        } else if (v instanceof Map) {
            writeObject(out, (Map<?, ?>) v);
        } else if (v instanceof List) {
            out.append('[');
            String comma = "";
            for (Object item : (List<?>) v) {
                out.append(comma);
                writeJson(out, item);
                comma = ",";
            }
            out.append(']');
        } else if (v == null || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Number) {
            writeNumber(out, (Number) v);
        } else {
            JsonStrings.appendQuotedUpperCaseHex(text(v), out);
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map) {
        // Keys as text, the last value of two keys with one text kept at the first one's place,
        // as an ObjectNode's set does.
        Map<String, Object> byText = new LinkedHashMap<>();
        map.forEach((k, val) -> byText.put(String.valueOf(k), val));
        out.append('{');
        String comma = "";
        for (Map.Entry<String, Object> e : byText.entrySet()) {
            out.append(comma);
            JsonStrings.appendQuotedUpperCaseHex(e.getKey(), out);
            out.append(':');
            writeJson(out, e.getValue());
            comma = ",";
        }
        out.append('}');
    }

    /** Jackson quotes the non-finite doubles (its default QUOTE_NON_NUMERIC_NUMBERS). */
    private static void writeNumber(StringBuilder out, Number n) {
        String text = numberText(n);
        boolean nonFinite = !(n instanceof BigInteger) && !Double.isFinite(n.doubleValue())
                && !(n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte);
        if (nonFinite) {
            out.append('"').append(text).append('"');
        } else {
            out.append(text);
        }
    }
}
