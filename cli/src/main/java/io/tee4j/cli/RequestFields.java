package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strict access to the fields of one sidecar request object: an unknown key or a value of the
 * wrong type is a {@link BadRequest} naming its JSON path; {@code null} counts as absent.
 */
final class RequestFields {
    private final JsonNode node;

    RequestFields(JsonNode node, Set<String> allowed) {
        this.node = node;
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw BadRequest.usage("$." + name + ": unknown key");
            }
        }
    }

    JsonNode node(String name) {
        JsonNode n = node.get(name);
        return n == null || n.isNull() ? null : n;
    }

    String requiredText(String name) {
        JsonNode n = node(name);
        if (n == null) {
            throw BadRequest.usage("$." + name + ": required");
        }
        if (!n.isTextual()) {
            throw BadRequest.usage("$." + name + ": expected a string");
        }
        return n.textValue();
    }

    String optionalText(String name, String fallback) {
        return node(name) == null ? fallback : requiredText(name);
    }

    boolean optionalBool(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw BadRequest.usage("$." + name + ": expected true or false");
        }
        return n.booleanValue();
    }

    byte[] base64(String name) {
        try {
            return strictBase64(requiredText(name));
        } catch (IllegalArgumentException e) {
            throw BadRequest.usage("$." + name + ": expected base64");
        }
    }

    List<byte[]> base64List(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return List.of();
        }
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
