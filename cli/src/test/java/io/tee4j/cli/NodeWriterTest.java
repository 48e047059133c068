package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeWriter} writes {@code verify --json} without an ObjectMapper; its text must be
 * exactly {@link Json#write}'s (the mapper's indented output) for every node kind.
 */
class NodeWriterTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void everyNodeKindIsWrittenExactlyAsTheMapperWritesIt() {
        ObjectNode root = NODES.objectNode();
        root.put("verified", true).put("tee", "tdx").put("int", 7).put("long", Long.MAX_VALUE).put("short", (short) -2)
                .put("float", 0.1f).put("double", 1e-300).put("nan", Double.NaN).put("inf", Float.POSITIVE_INFINITY)
                .put("big", new BigInteger("-98765432109876543210")).put("decimal", new BigDecimal("1.50E+3"))
                .put("bytes", new byte[] {1, 2, 3, (byte) 0xff}).put("escapes", "\"\\\n\u0001é€\ud83d\ude00</")
                .putNull("null");
        root.putObject("emptyObject");
        root.putArray("emptyArray");
        ArrayNode list = root.putArray("list");
        list.add(1).add("two").addNull().add(false);
        list.addObject().put("a", 1).putArray("inner").add(NODES.arrayNode().add(2)).addObject();
        list.addArray();
        root.set("claims", ClaimsNodes.toNode(ClaimsTextTest.randomClaims(new Random(1), 0)));
        assertEquals(Json.write(root), NodeWriter.write(root));
        assertEquals(Json.write(NODES.arrayNode()), NodeWriter.write(NODES.arrayNode()));
        assertEquals(Json.write(NODES.textNode("x")), NodeWriter.write(NODES.textNode("x")));
        assertArrayEquals(MapperCompactJson.bytes(root), NodeWriter.writeCompactBytes(root));
        assertArrayEquals(MapperCompactJson.bytes(NODES.arrayNode()), NodeWriter.writeCompactBytes(NODES.arrayNode()));
        assertArrayEquals(MapperCompactJson.bytes(NODES.textNode("x")), NodeWriter.writeCompactBytes(NODES.textNode("x")));
    }

    /** Sidecar replies: the compact bytes must be exactly the mapper's compact writer's. */
    @Test
    void randomClaimsTreesAreWrittenCompactExactlyAsTheMapperWritesThem() {
        Random random = new Random(2324);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode node = ClaimsNodes.toNode(ClaimsTextTest.randomClaims(random, 0));
            assertArrayEquals(MapperCompactJson.bytes(node), NodeWriter.writeCompactBytes(node));
        }
    }

    @Test
    void randomClaimsTreesAreWrittenExactlyAsTheMapperWritesThem() {
        Random random = new Random(2323);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode node = ClaimsNodes.toNode(ClaimsTextTest.randomClaims(random, 0));
            assertEquals(Json.write(node), NodeWriter.write(node));
        }
    }

    @Test
    void aPojoNodeHasNoJsonFormWithoutAMapperAndIsRefused() {
        ObjectNode root = NODES.objectNode().putPOJO("pojo", new Object());
        assertThrows(IllegalArgumentException.class, () -> NodeWriter.write(root));
    }
}
