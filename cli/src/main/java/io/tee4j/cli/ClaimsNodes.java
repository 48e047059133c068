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

    /** One claim value as a node (see {@link ClaimKind} for the forms). */
    static JsonNode value(Object v) {
        return switch (ClaimKind.of(v)) {
            case NULL -> NODES.nullNode();
            case CLAIMS -> toNode((Claims) v);
            case HEX -> NODES.textNode(HexFormat.of().formatHex((byte[]) v));
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case WHOLE_NUMBER -> NODES.numberNode(((Number) v).longValue());
            case BIG_INTEGER -> NODES.numberNode((BigInteger) v);
            case DECIMAL_NUMBER -> NODES.numberNode(((Number) v).doubleValue());
            case LIST -> list((List<?>) v);
            case MAP -> map((Map<?, ?>) v);
            case TEXT -> NODES.textNode(v.toString());
        };
    }

    private static ArrayNode list(List<?> items) {
        ArrayNode array = NODES.arrayNode();
        for (Object item : items) {
            array.add(value(item));
        }
        return array;
    }

    private static ObjectNode map(Map<?, ?> entries) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            node.set(String.valueOf(e.getKey()), value(e.getValue()));
        }
        return node;
    }
}
