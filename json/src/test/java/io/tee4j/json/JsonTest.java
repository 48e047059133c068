package io.tee4j.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.json.Json.JsonException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesEveryValueKind() throws Exception {
        Map<String, Object> m = Json.object(Json.parse(utf8("{\"a\":[1,2.5,\"x\",true,false,null]}")), "$");
        List<Object> a = Json.array(m, "a", "$");
        assertEquals(BigInteger.ONE, a.get(0));
        assertEquals(2.5, a.get(1));
        assertEquals("x", a.get(2));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertSame(Json.NULL, a.get(5));
    }

    @Test
    void javaNullsReplaceTheMarkerEverywhere() throws Exception {
        // CCA's trust anchors and reference values feed PolicyDocument, which reports an explicit null itself.
        Map<String, Object> m = Json.object(Json.parseWithJavaNulls(utf8("{\"a\":[null,{\"b\":null}],\"c\":null}")), "$");
        assertEquals(java.util.Arrays.asList(null, java.util.Collections.singletonMap("b", null)), m.get("a"));
        assertEquals(null, m.get("c"));
        assertEquals(true, m.containsKey("c"));
        assertEquals(null, Json.parseWithJavaNulls(utf8("null")));
    }

    @Test
    void refusesDuplicateKeysTrailingContentAndDeepNesting() {
        assertThrows(JsonException.class, () -> Json.parse(utf8("{\"a\":1,\"a\":2}")));
        assertThrows(JsonException.class, () -> Json.parse(utf8("{\"a\":1} {}")));
        assertThrows(JsonException.class, () -> Json.parse(utf8("")));
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(JsonException.class, () -> Json.parse(utf8(deep)));
    }

    @Test
    void memberSpanIsTheValueExactlyAsReceived() throws Exception {
        byte[] body = utf8("{\"sig\":\"ab\", \"tcbInfo\" : {\"x\": [1, 2]} }");
        int[] span = Json.memberSpan(body, "tcbInfo");
        assertEquals("{\"x\": [1, 2]}", new String(body, span[0], span[1] - span[0], StandardCharsets.UTF_8));
        assertThrows(JsonException.class, () -> Json.memberSpan(body, "absent"));
    }

    @Test
    void typedAccessorsNameThePath() throws Exception {
        Map<String, Object> m = Json.object(Json.parse(utf8("{\"n\":-1,\"h\":\"0A0b\"}")), "$");
        JsonException e = assertThrows(JsonException.class, () -> Json.integer(m, "n", "$", 10));
        assertEquals("$.n: -1 outside [0, 10]", e.getMessage());
        assertArrayEquals(new byte[] {0x0a, 0x0b}, Json.hex(m, "h", "$", 2));
        assertThrows(JsonException.class, () -> Json.hex(m, "h", "$", 3));
    }
}
