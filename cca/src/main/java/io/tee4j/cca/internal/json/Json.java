package io.tee4j.cca.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document (trust-anchor stores, reference values) into maps, lists, strings,
 * {@code Long}/{@code BigInteger}/{@code Double} numbers and booleans, with Jackson's streaming
 * parser: duplicate keys refused, nesting and sizes bounded, trailing content refused.
 */
public final class Json {
    /** Largest JSON input accepted. */
    public static final int MAX_BYTES = 4 << 20;
    private static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(64)
                    .build())
            .build();

    private Json() {
    }

    /** Parses the whole input as one JSON value. */
    public static Object parse(byte[] input) throws IOException {
        if (input.length > MAX_BYTES) {
            throw new IOException("JSON input larger than " + MAX_BYTES + " bytes");
        }
        try (JsonParser p = FACTORY.createParser(input)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty JSON input");
            }
            Object v = value(p, t);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the JSON value at " + p.currentLocation());
            }
            return v;
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new IOException("unterminated JSON object");
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new IOException("unterminated JSON array");
                    }
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }
}
