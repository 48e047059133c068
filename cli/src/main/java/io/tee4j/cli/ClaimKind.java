package io.tee4j.cli;

import io.tee4j.core.Claims;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The JSON form a claim value takes: byte arrays as lower-case hex text, whole numbers as long,
 * other numbers as double, lists as arrays, claims and maps as objects, anything else as its
 * text. One classification for both writers of claims, the tree builder ({@link ClaimsNodes})
 * and the sidecar's streaming reply writer ({@link SuccessReplyWriter}), so the two can never
 * render a value differently.
 */
enum ClaimKind {
    NULL, CLAIMS, HEX, BOOLEAN, WHOLE_NUMBER, BIG_INTEGER, DECIMAL_NUMBER, LIST, MAP, TEXT;

    /**
     * The kind of {@code v}. The classes claims hold most (strings, byte arrays, longs, integers,
     * booleans, claims) are told by their exact class first: the interface checks below ({@code List},
     * {@code Map}) are slow for a class that fails them, and they ran for every string of a reply.
     * Those classes are final, so the answer is the one the checks below give.
     */
    static ClaimKind of(Object v) {
        if (v == null) {
            return NULL;
        }
        Class<?> type = v.getClass();
        if (type == String.class) {
            return TEXT;
        }
        if (type == byte[].class) {
            return HEX;
        }
        if (type == Long.class || type == Integer.class) {
            return WHOLE_NUMBER;
        }
        if (type == Boolean.class) {
            return BOOLEAN;
        }
        if (type == Claims.class) {
            return CLAIMS;
        }
        return byChecks(v);
    }

    /** The kind by instance checks alone (what {@link #of} answers for any value). */
    static ClaimKind byChecks(Object v) {
        if (v instanceof Claims) {
            return CLAIMS;
        }
        if (v instanceof byte[]) {
            return HEX;
        }
        if (v instanceof Boolean) {
            return BOOLEAN;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return WHOLE_NUMBER;
        }
        if (v instanceof BigInteger) {
            return BIG_INTEGER;
        }
        if (v instanceof Number) {
            return DECIMAL_NUMBER;
        }
        if (v instanceof List) {
            return LIST;
        }
        return v instanceof Map ? MAP : TEXT;
    }

    /** Whether the value is written as a JSON string (hex or its text). */
    boolean isText() {
        return this == HEX || this == TEXT;
    }
}
