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
        String compact = text.replaceAll("[\\s]", "");
        boolean url = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
        return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
    }
}
