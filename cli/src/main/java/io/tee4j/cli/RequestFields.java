package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict access to the fields of one sidecar request object: an unknown key or a value of the
 * wrong type is a {@link BadRequest} naming its JSON path; {@code null} counts as absent. The
 * fields come from the strict tree reader or, for a flat request, from
 * {@link FlatRequestScanner}, whose strings are ranges of the body; every answer and error is the
 * same from either.
 */
final class RequestFields {
    /** One field's value: a JSON node, or (a flat request) a string or list of strings of the body. */
    sealed interface Value permits JsonValue, RawText, RawTextList {
        /** The value as a JSON node (made when asked for: only the policy is read as a node). */
        JsonNode node();
    }

    /** A value of the tree reader, or a literal of a flat request. */
    record JsonValue(JsonNode node) implements Value {
    }

    /** A string of printable ASCII without escapes: its text is the bytes {@code from..to} of {@code source}. */
    record RawText(byte[] source, int from, int to) implements Value {
        String text() {
            return new String(source, from, to - from, StandardCharsets.ISO_8859_1);
        }

        @Override
        public JsonNode node() {
            return TextNode.valueOf(text());
        }

        /**
         * {@link #strictBase64} of the text, decoded from the bytes: standard base64 as it is, with
         * the text (and its URL-safe and white-space readings) only when that refuses it. Standard
         * base64 refuses {@code -} and {@code _}, so what it accepts is what the text's reading gives.
         */
        byte[] base64() {
            try {
                ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(source, from, to - from));
                byte[] array = decoded.array();
                return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
            } catch (IllegalArgumentException notPlainStandardBase64) {
                return strictBase64(text());
            }
        }
    }

    /** An array of strings of a flat request. */
    record RawTextList(List<RawText> items) implements Value {
        @Override
        public JsonNode node() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(item -> array.add(item.text()));
            return array;
        }
    }

    private final Map<String, Value> fields;

    RequestFields(JsonNode node, Set<String> allowed) {
        this(treeFields(node), allowed);
    }

    RequestFields(Map<String, Value> fields, Set<String> allowed) {
        this.fields = fields;
        for (String name : fields.keySet()) {
            if (!allowed.contains(name)) {
                throw BadRequest.usage("$." + name + ": unknown key");
            }
        }
    }

    /**
     * The fields of a request body: scanned when the body is a flat object, else read by the
     * strict tree reader (which refuses what is not a JSON object, naming the problem).
     */
    static RequestFields read(byte[] body, Set<String> allowed) {
        Map<String, Value> flat = FlatRequestScanner.scan(body);
        return flat != null ? new RequestFields(flat, allowed) : new RequestFields(RequestJson.readObject(body), allowed);
    }

    private static Map<String, Value> treeFields(JsonNode node) {
        Map<String, Value> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            fields.put(e.getKey(), new JsonValue(e.getValue()));
        }
        return fields;
    }

    /** The field's value, null when absent or JSON {@code null}. */
    private Value value(String name) {
        Value v = fields.get(name);
        return v instanceof JsonValue && v.node().isNull() ? null : v;
    }

    JsonNode node(String name) {
        Value v = value(name);
        return v == null ? null : v.node();
    }

    String requiredText(String name) {
        Value v = value(name);
        if (v == null) {
            throw BadRequest.usage("$." + name + ": required");
        }
        if (v instanceof RawText) {
            return ((RawText) v).text();
        }
        if (!v.node().isTextual()) {
            throw BadRequest.usage("$." + name + ": expected a string");
        }
        return v.node().textValue();
    }

    String optionalText(String name, String fallback) {
        return value(name) == null ? fallback : requiredText(name);
    }

    boolean optionalBool(String name) {
        Value v = value(name);
        if (v == null) {
            return false;
        }
        if (!v.node().isBoolean()) {
            throw BadRequest.usage("$." + name + ": expected true or false");
        }
        return v.node().booleanValue();
    }

    byte[] base64(String name) {
        Value v = value(name);
        try {
            return v instanceof RawText ? ((RawText) v).base64() : strictBase64(requiredText(name));
        } catch (IllegalArgumentException e) {
            throw BadRequest.usage("$." + name + ": expected base64");
        }
    }

    List<byte[]> base64List(String name) {
        Value v = value(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof RawTextList) {
            List<RawText> items = ((RawTextList) v).items();
            List<byte[]> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                try {
                    out.add(items.get(i).base64());
                } catch (IllegalArgumentException e) {
                    throw BadRequest.usage("$." + name + "[" + i + "]: expected base64");
                }
            }
            return out;
        }
        JsonNode n = v.node();
        if (!n.isArray()) {
            throw BadRequest.usage("$." + name + ": expected a list of base64 strings");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isTextual()) {
                throw BadRequest.usage("$." + name + "[" + i + "]: expected a base64 string");
            }
            try {
                out.add(strictBase64(item.textValue()));
            } catch (IllegalArgumentException e) {
                throw BadRequest.usage("$." + name + "[" + i + "]: expected base64");
            }
        }
        return out;
    }

    /**
     * Base64 (standard or URL-safe; line breaks and spaces allowed). Unlike the MIME decoder, any
     * other character is an error rather than skipped.
     */
    static byte[] strictBase64(String text) {
        boolean url = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        Base64.Decoder decoder = url ? Base64.getUrlDecoder() : Base64.getDecoder();
        try {
            // The usual case, in one pass: these decoders refuse white space, so a text they accept
            // has none and decodes exactly as its compacted form would.
            return decoder.decode(text);
        } catch (IllegalArgumentException withWhiteSpaceOrInvalid) {
            return decoder.decode(withoutWhiteSpace(text));
        }
    }

    /**
     * {@code text} without the characters of the regex class {@code \s} (space, tab, line feed,
     * vertical tab, form feed, carriage return), without a regex: this runs on every base64 field
     * of every sidecar request, and most carry no white space at all.
     */
    static String withoutWhiteSpace(String text) {
        int first = 0;
        while (first < text.length() && !isWhiteSpace(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isWhiteSpace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
