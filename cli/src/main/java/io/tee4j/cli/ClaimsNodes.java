package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.Claims;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Claims trees as JSON nodes: byte arrays as lower-case hex, whole numbers as long, other numbers as
 * double, anything else as its text. Kept apart from {@link Json} so that building a result tree
 * never constructs Json's ObjectMappers (a one-shot {@code verify --json} writes the tree with
 * {@link NodeWriter} and loads no mapper at all).
 */
final class ClaimsNodes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ClaimsNodes() {
    }

    /** An empty object node. */
    static ObjectNode objectNode() {
        return NODES.objectNode();
    }

    /** A claims tree as an object node, claims in their order. */
    static ObjectNode toNode(Claims claims) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Object> e : claims.asMap().entrySet()) {
            node.set(e.getKey(), value(e.getValue()));
        }
        return node;
    }

    /** One claim value as a node. */
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
}
