package io.tee4j.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON reader on Jackson's streaming parser: builds a tree of {@code Map}, {@code List},
 * {@code String}, {@code BigInteger}, {@code Double}, {@code Boolean} and {@link #NULL}, rejecting
 * duplicate keys, nesting deeper than {@link #MAX_DEPTH} and trailing content; and finds the exact
 * byte span of a top-level member's value, so a signature can be checked over the bytes as
 * received. The one JSON reader of the backends: the core stays Jackson-free, and every backend that reads
 * JSON (collateral, trust-anchor stores, reference values, evidence lists) reads it here with the same limits.
 */
public final class Json {
    /** Deepest nesting accepted (Intel collateral nests five levels). */
    public static final int MAX_DEPTH = 32;
    /** Marker for JSON null. */
    public static final Object NULL = new Object();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(64).maxStringLength(1 << 20).build())
            .build();

    private Json() {
    }

    /** Thrown for any JSON problem; callers turn it into their checked error. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        public JsonException(String message) {
            super(message);
        }
    }

    /** Parses a whole document. */
    public static Object parse(byte[] body) throws JsonException {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonException("empty JSON document");
            }
            Object v = value(p, t, 0);
            if (p.nextToken() != null) {
                throw new JsonException("content after the JSON value");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            throw new JsonException("invalid JSON: " + e.getMessage());
        }
    }

    /**
     * {@link #parse}, with JSON null as Java {@code null} instead of {@link #NULL}: for readers that
     * report an explicit null themselves, such as core's {@code PolicyDocument} (which refuses it,
     * naming the key). Maps and lists keep their order; everything else is as {@link #parse} gives it.
     */
    public static Object parseWithJavaNulls(byte[] body) throws JsonException {
        return javaNulls(parse(body));
    }

    @SuppressWarnings("unchecked")
    private static Object javaNulls(Object v) {
        if (v == NULL) {
            return null;
        }
        if (v instanceof Map) {
            ((Map<String, Object>) v).replaceAll((k, x) -> javaNulls(x));
        } else if (v instanceof List) {
            ((List<Object>) v).replaceAll(Json::javaNulls);
        }
        return v;
    }

    private static Object value(JsonParser p, JsonToken t, int depth) throws IOException, JsonException {
        if (depth > MAX_DEPTH) {
            throw new JsonException("JSON nested deeper than " + MAX_DEPTH);
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken n;
                while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken(), depth + 1));
                }
                if (n != JsonToken.END_OBJECT) {
                    throw new JsonException("unterminated object");
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw new JsonException("unterminated array");
                    }
                    l.add(value(p, n, depth + 1));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new JsonException("unexpected JSON token " + t);
        }
    }

    /**
     * The byte span {@code [start, end)} of the value of top-level member {@code name} of the object
     * in {@code body}, exactly as it appears there.
     */
    public static int[] memberSpan(byte[] body, String name) throws JsonException {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonException("expected a JSON object");
            }
            int[] found = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                long start = p.currentTokenLocation().getByteOffset();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                long end = p.currentLocation().getByteOffset();
                if (field.equals(name)) {
                    if (start < 0 || end > body.length || end <= start) {
                        throw new JsonException("cannot locate the bytes of member " + name);
                    }
                    found = new int[] {(int) start, (int) end};
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new JsonException("malformed JSON object");
            }
            if (found == null) {
                throw new JsonException("no member " + name);
            }
            return found;
        } catch (IOException | RuntimeException e) {
            throw new JsonException("invalid JSON: " + e.getMessage());
        }
    }

    // Typed access helpers over a parsed tree.

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object v, String path) throws JsonException {
        if (!(v instanceof Map)) {
            throw new JsonException(path + ": expected an object");
        }
        return (Map<String, Object>) v;
    }

    public static Object member(Map<String, Object> m, String key, String path) throws JsonException {
        Object v = m.get(key);
        if (v == null) {
            throw new JsonException(path + "." + key + ": missing");
        }
        return v;
    }

    public static String string(Map<String, Object> m, String key, String path) throws JsonException {
        Object v = member(m, key, path);
        if (!(v instanceof String)) {
            throw new JsonException(path + "." + key + ": expected a string");
        }
        return (String) v;
    }

    public static long integer(Map<String, Object> m, String key, String path, long max) throws JsonException {
        Object v = member(m, key, path);
        if (!(v instanceof BigInteger)) {
            throw new JsonException(path + "." + key + ": expected an integer");
        }
        BigInteger b = (BigInteger) v;
        if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new JsonException(path + "." + key + ": " + b + " outside [0, " + max + "]");
        }
        return b.longValue();
    }

    public static List<Object> array(Map<String, Object> m, String key, String path) throws JsonException {
        Object v = member(m, key, path);
        if (!(v instanceof List)) {
            throw new JsonException(path + "." + key + ": expected an array");
        }
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) v;
        return l;
    }

    public static byte[] hex(Map<String, Object> m, String key, String path, int length) throws JsonException {
        byte[] b = Json.parseHex(string(m, key, path), length);
        if (b == null) {
            throw new JsonException(path + "." + key + ": expected " + length + " bytes of hex");
        }
        return b;
    }

    /** Parses case-insensitive hex of exactly {@code length} bytes, or returns null. */
    public static byte[] parseHex(String s, int length) {
        if (s == null || s.length() != 2 * length) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
