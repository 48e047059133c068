package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.Claims;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Renders claims trees as JSON: byte arrays as lower-case hex, everything else as is. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode toNode(Claims claims) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Object> e : claims.asMap().entrySet()) {
            node.set(e.getKey(), value(e.getValue()));
        }
        return node;
    }

    static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Claims) {
            return toNode((Claims) v);
        }
        if (v instanceof byte[]) {
            return NODES.textNode(HexFormat.of().formatHex((byte[]) v));
        }
        if (v instanceof Boolean) {
            return NODES.booleanNode((Boolean) v);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof BigInteger) {
            return NODES.numberNode((BigInteger) v);
        }
        if (v instanceof Number) {
            return NODES.numberNode(((Number) v).doubleValue());
        }
        if (v instanceof List) {
            ArrayNode array = NODES.arrayNode();
            for (Object item : (List<?>) v) {
                array.add(value(item));
            }
            return array;
        }
        if (v instanceof Map) {
            ObjectNode node = NODES.objectNode();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                node.set(String.valueOf(e.getKey()), value(e.getValue()));
            }
            return node;
        }
        return NODES.textNode(v.toString());
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
    }

    /** A readable indented text form of a claims tree, for terminals. */
    static void appendText(StringBuilder out, Claims claims, String indent) {
        for (Map.Entry<String, Object> e : claims.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Claims) {
                out.append(indent).append(e.getKey()).append(":\n");
                appendText(out, (Claims) v, indent + "  ");
            } else if (v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof Claims) {
                out.append(indent).append(e.getKey()).append(":\n");
                int i = 0;
                for (Object item : (List<?>) v) {
                    out.append(indent).append("  [").append(i++).append("]\n");
                    if (item instanceof Claims) {
                        appendText(out, (Claims) item, indent + "    ");
                    } else {
                        out.append(indent).append("    ").append(value(item).asText()).append('\n');
                    }
                }
            } else {
                JsonNode n = value(v);
                out.append(indent).append(e.getKey()).append(": ")
                        .append(n.isContainerNode() ? n.toString() : n.asText()).append('\n');
            }
        }
    }
}
