package io.tee4j.atls.cert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.tee4j.core.MalformedEvidenceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one CBOR item into a small tree ({@code Map<String, Object>}, {@code List}, {@code byte[]},
 * {@code String}, {@code Long}/{@code BigInteger}, {@code Boolean}, {@link Tagged}) on Jackson's
 * streaming parser, for the unsigned wrappers in aTLS certificates.
 *
 * <p>Bounds: the input is a byte array already capped by the caller; nesting deeper than
 * {@link #MAX_DEPTH} is refused, as are duplicate map keys and trailing bytes. What it does not
 * see (Jackson joins them): integer map keys, which arrive as their decimal text, and chunked
 * strings. Neither matters here: a wrapper's content is checked by the evidence's signature.
 */
final class CborTree {
    static final int MAX_DEPTH = 8;
    private static final CBORFactory FACTORY = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

    /** A tagged item (RFC 8949 §3.4) with its content. */
    record Tagged(long tag, Object content) {
    }

    private CborTree() {
    }

    static Object parse(byte[] cbor) throws MalformedEvidenceException {
        try (CBORParser p = (CBORParser) FACTORY.createParser(cbor)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new MalformedEvidenceException("CBOR: empty input");
            }
            Object item = read(p, t, 0);
            if (p.nextToken() != null) {
                throw new MalformedEvidenceException("CBOR: trailing bytes after the item");
            }
            return item;
        } catch (IOException | RuntimeException e) {
            throw new MalformedEvidenceException("CBOR: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static Object read(CBORParser p, JsonToken t, int depth) throws IOException, MalformedEvidenceException {
        if (depth > MAX_DEPTH) {
            throw new MalformedEvidenceException("CBOR: nested deeper than " + MAX_DEPTH);
        }
        int tag = p.getCurrentTag();
        Object value;
        switch (t) {
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    list.add(read(p, n, depth + 1));
                }
                value = list;
                break;
            case START_OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw new MalformedEvidenceException("CBOR: duplicate map key '" + key + "'");
                    }
                    map.put(key, read(p, p.nextToken(), depth + 1));
                }
                value = map;
                break;
            case VALUE_EMBEDDED_OBJECT:
                value = p.getBinaryValue();
                break;
            case VALUE_STRING:
                value = p.getText();
                break;
            case VALUE_NUMBER_INT:
                value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
                break;
            case VALUE_TRUE:
            case VALUE_FALSE:
                value = p.getBooleanValue();
                break;
            default:
                // Floats, null, undefined and simple values appear in no aTLS wrapper.
                throw new MalformedEvidenceException("CBOR: unexpected " + t);
        }
        return tag == -1 ? value : new Tagged(tag & 0xFFFFFFFFL, value);
    }
}
