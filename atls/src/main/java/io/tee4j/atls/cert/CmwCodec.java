package io.tee4j.atls.cert;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads and writes the Conceptual Message Wrapper shapes tee4j uses (RFC 9999 §3): records and
 * flat collections, in CBOR and JSON. Writes CBOR only (the compact form for a certificate).
 *
 * <p>Refused, with a {@link MalformedEvidenceException}: a record whose value is not a byte string
 * (CBOR) or unpadded base64url (JSON), an indicator that is zero or wider than 32 bits (§3.1), an
 * empty collection, a nested collection, a CBOR tag form (TN(cf) tags, which tee4j does not emit),
 * duplicate labels, more than {@link #MAX_RECORDS} records, and trailing bytes.
 */
public final class CmwCodec {
    /** The most records a collection may hold: evidence, a few endorsements and the freshness record. */
    public static final int MAX_RECORDS = 16;
    private static final String TYPE_KEY = "__cmwc_t";

    private CmwCodec() {
    }

    /** Decodes a CBOR record or collection. */
    public static Cmw decodeCbor(byte[] cbor) throws MalformedEvidenceException {
        Object tree = CborTree.parse(cbor);
        if (tree instanceof CborTree.Tagged) {
            throw new MalformedEvidenceException("CMW: a CBOR tag form (tag " + ((CborTree.Tagged) tree).tag()
                    + ") is not supported; use a record or a collection");
        }
        return decode(tree, Cmw.Encoding.CBOR);
    }

    /** Decodes a JSON record or collection. */
    public static Cmw decodeJson(byte[] json) throws MalformedEvidenceException {
        try {
            return decode(Json.parse(json), Cmw.Encoding.JSON);
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("CMW: bad JSON: " + e.getMessage(), e);
        }
    }

    /** Decodes either form, told apart by the first byte (RFC 9999 §3.4). */
    public static Cmw decode(byte[] bytes) throws MalformedEvidenceException {
        if (bytes.length > 0 && (bytes[0] == '[' || bytes[0] == '{')) {
            return decodeJson(bytes);
        }
        return decodeCbor(bytes);
    }

    private static Cmw decode(Object tree, Cmw.Encoding encoding) throws MalformedEvidenceException {
        if (tree instanceof List) {
            return new Cmw(encoding, Optional.empty(), Map.of(Cmw.RECORD_LABEL, record((List<?>) tree, encoding, "$")));
        }
        if (!(tree instanceof Map)) {
            throw new MalformedEvidenceException("CMW: expected a record (array) or a collection (map)");
        }
        Map<?, ?> map = (Map<?, ?>) tree;
        if (map.isEmpty() || map.size() > MAX_RECORDS + 1) {
            throw new MalformedEvidenceException("CMW: a collection holds 1.." + MAX_RECORDS + " records, got "
                    + map.size() + " entries");
        }
        Optional<String> type = Optional.empty();
        Map<String, CmwRecord> records = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new MalformedEvidenceException("CMW: collection labels must be text");
            }
            String label = (String) e.getKey();
            if (label.equals(TYPE_KEY)) {
                if (!(e.getValue() instanceof String)) {
                    throw new MalformedEvidenceException("CMW: " + TYPE_KEY + " must be text");
                }
                type = Optional.of((String) e.getValue());
            } else if (e.getValue() instanceof List) {
                records.put(label, record((List<?>) e.getValue(), encoding, "$." + label));
            } else {
                throw new MalformedEvidenceException("CMW: $." + label + " is not a record (nested collections and "
                        + "tags are not supported)");
            }
        }
        if (records.isEmpty()) {
            throw new MalformedEvidenceException("CMW: the collection holds no record");
        }
        return new Cmw(encoding, type, records);
    }

    private static CmwRecord record(List<?> items, Cmw.Encoding encoding, String path)
            throws MalformedEvidenceException {
        if (items.size() != 2 && items.size() != 3) {
            throw new MalformedEvidenceException("CMW: " + path + " is a record of 2 or 3 items, got " + items.size());
        }
        String type;
        if (items.get(0) instanceof String) {
            type = (String) items.get(0);
        } else if (encoding == Cmw.Encoding.CBOR && items.get(0) instanceof Long
                && (Long) items.get(0) >= 0 && (Long) items.get(0) <= 0xFFFF) {
            type = Long.toString((Long) items.get(0));
        } else {
            throw new MalformedEvidenceException("CMW: " + path + "[0] must be a media type (or a Content-Format)");
        }
        byte[] value = value(items.get(1), encoding, path);
        OptionalLong ind = OptionalLong.empty();
        if (items.size() == 3) {
            long v = indicator(items.get(2), path);
            ind = OptionalLong.of(v);
        }
        return new CmwRecord(type, value, ind);
    }

    private static byte[] value(Object v, Cmw.Encoding encoding, String path) throws MalformedEvidenceException {
        if (encoding == Cmw.Encoding.CBOR) {
            if (!(v instanceof byte[])) {
                throw new MalformedEvidenceException("CMW: " + path + "[1] must be a byte string");
            }
            return (byte[]) v;
        }
        if (!(v instanceof String) || ((String) v).indexOf('=') >= 0) {
            throw new MalformedEvidenceException("CMW: " + path + "[1] must be base64url without padding");
        }
        try {
            return Base64.getUrlDecoder().decode((String) v);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("CMW: " + path + "[1] is not base64url: " + e.getMessage());
        }
    }

    private static long indicator(Object v, String path) throws MalformedEvidenceException {
        long ind;
        if (v instanceof Long) {
            ind = (Long) v;
        } else if (v instanceof BigInteger && ((BigInteger) v).bitLength() < 63) {
            ind = ((BigInteger) v).longValue();
        } else {
            throw new MalformedEvidenceException("CMW: " + path + "[2] (ind) must be an unsigned integer");
        }
        if (ind <= 0 || ind > 0xFFFFFFFFL) {
            throw new MalformedEvidenceException("CMW: " + path + "[2] (ind) must be 1..2^32-1, got " + ind);
        }
        return ind;
    }

    /** Writes a CBOR collection: {@code __cmwc_t} first, then the records in the map's order. */
    public static byte[] encodeCborCollection(String collectionType, Map<String, CmwRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, records.size() + 1L);
        text(out, TYPE_KEY);
        text(out, collectionType);
        for (Map.Entry<String, CmwRecord> e : records.entrySet()) {
            text(out, e.getKey());
            CmwRecord r = e.getValue();
            head(out, 4, r.indicator().isPresent() ? 3 : 2);
            text(out, r.type());
            byte[] v = r.value();
            head(out, 2, v.length);
            out.write(v, 0, v.length);
            if (r.indicator().isPresent()) {
                head(out, 0, r.indicator().getAsLong());
            }
        }
        return out.toByteArray();
    }

    /** Writes a JSON record {@code [type, base64url(value), ind?]}, as a JSON-choice extension holds it. */
    public static byte[] encodeJsonRecord(CmwRecord r) {
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(r.value());
        String json = "[" + quote(r.type()) + ",\"" + b64 + "\""
                + (r.indicator().isPresent() ? "," + r.indicator().getAsLong() : "") + "]";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.write(b, 0, b.length);
    }

    /** A CBOR head in its shortest form (RFC 8949 §3; deterministic encoding, §4.2.1). */
    private static void head(ByteArrayOutputStream out, int major, long value) {
        int mt = major << 5;
        if (value < 24) {
            out.write(mt | (int) value);
        } else if (value < 0x100) {
            out.write(mt | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(mt | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else {
            out.write(mt | 26);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (value >>> (8 * i)));
            }
        }
    }
}
