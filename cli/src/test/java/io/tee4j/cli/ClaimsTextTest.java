package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.Claims;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ClaimsText} renders a claims tree without Jackson, so a one-shot text {@code verify}
 * never loads Jackson's databind; its text must stay exactly what the Jackson-node rendering
 * printed before (kept below as the oracle), for every value kind a claims tree may hold.
 */
class ClaimsTextTest {

    @Test
    void rendersEveryValueKindExactlyAsTheJacksonNodeRenderingDid() {
        Claims claims = Claims.builder()
                .put("text", "plain")
                .put("escapes", "q\"b\\s/n\nr\rt\tb\bf\fnul\u0000x\u001fdel\u007fé€😀")
                .put("bytes", new byte[] {0, 1, (byte) 0xab, (byte) 0xff})
                .put("int", 7).put("long", Long.MIN_VALUE).put("short", (short) -3).put("byte", (byte) 9)
                .put("big", new BigInteger("123456789012345678901234567890"))
                .put("double", 1.5e300).put("float", 0.1f).put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY)
                .put("bool", true)
                .put("instant", Instant.parse("2024-06-01T00:00:00Z"))
                .put("emptyList", List.of())
                .put("list", Arrays.asList(1, "two", new byte[] {3}, List.of(4.0, false), Map.of("k", "v")))
                .put("map", mapOf(1, "one", "n\"k", null, "nested", List.of(Claims.builder().put("a", 1).build())))
                .put("collidingKeys", mapOf(1, "first", "1", "second", 2, "third"))
                .put("nested", Claims.builder().put("deep", Claims.builder().put("x", new byte[0]).build())
                        .put("items", List.of(Claims.builder().put("i", 0).build(), "scalar after a claims item",
                                Claims.builder().put("i", 2L).build())))
                .build();
        assertSameAsJackson(claims);
    }

    @Test
    void randomTreesRenderAsTheJacksonNodeRenderingDid() {
        Random random = new Random(23);
        for (int i = 0; i < 2_000; i++) {
            assertSameAsJackson(randomClaims(random, 0));
        }
    }

    private static void assertSameAsJackson(Claims claims) {
        StringBuilder expected = new StringBuilder();
        jacksonText(expected, claims, "  ");
        StringBuilder actual = new StringBuilder();
        ClaimsText.append(actual, claims, "  ");
        String e = expected.toString();
        String a = actual.toString();
        int same = 0;
        while (same < Math.min(e.length(), a.length()) && e.charAt(same) == a.charAt(same)) {
            same++;
        }
        int at = same;
        int from = Math.max(0, at - 60);
        assertEquals(e, a, () -> "first difference at " + at + ": expected ..." + e.substring(from, Math.min(e.length(), at + 60))
                + " but was ..." + a.substring(from, Math.min(a.length(), at + 60)));
    }

    private static Map<Object, Object> mapOf(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Claims randomClaims(Random r, int depth) {
        Claims.Builder b = Claims.builder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.put(randomString(r), randomValue(r, depth + 1));
        }
        return b.build();
    }

    private static Object randomValue(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 9 : 13);
        switch (kind) {
            case 0: return randomString(r);
            case 1: return r.nextLong();
            case 2: return r.nextInt();
            case 3: return new BigInteger(100, r);
            case 4: return r.nextBoolean() ? r.nextDouble() * Math.pow(10, r.nextInt(40) - 20) : (double) r.nextInt();
            case 5: return r.nextBoolean();
            case 6: byte[] bytes = new byte[r.nextInt(6)]; r.nextBytes(bytes); return bytes;
            case 7: return Instant.ofEpochSecond(r.nextInt());
            case 8: return null;
            case 9: return randomClaims(r, depth);
            case 10: case 11:
                List<Object> list = new ArrayList<>();
                boolean claimsFirst = r.nextBoolean();
                for (int i = r.nextInt(4); i > 0; i--) {
                    Object item = claimsFirst && list.isEmpty() ? randomClaims(r, depth + 1) : randomValue(r, depth + 1);
                    if (item != null) { // a claims list holds no nulls (List.copyOf)
                        list.add(item);
                    }
                }
                return list;
            default:
                Map<Object, Object> map = new HashMap<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    map.put(r.nextBoolean() ? randomString(r) : (Object) r.nextInt(3), randomValue(r, depth + 1));
                }
                return map;
        }
    }

    private static String randomString(Random r) {
        String alphabet = "ab\"\\/\n\t\u0001\u001f\u007f é€\ud83d\ude00";
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** The text rendering before ClaimsText: every value through a Jackson node. The oracle. */
    private static void jacksonText(StringBuilder out, Claims claims, String indent) {
        for (Map.Entry<String, Object> e : claims.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Claims) {
                out.append(indent).append(e.getKey()).append(":\n");
                jacksonText(out, (Claims) v, indent + "  ");
            } else if (v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof Claims) {
                out.append(indent).append(e.getKey()).append(":\n");
                int i = 0;
                for (Object item : (List<?>) v) {
                    out.append(indent).append("  [").append(i++).append("]\n");
                    if (item instanceof Claims) {
                        jacksonText(out, (Claims) item, indent + "    ");
                    } else {
                        out.append(indent).append("    ").append(Json.value(item).asText()).append('\n');
                    }
                }
            } else {
                JsonNode n = Json.value(v);
                out.append(indent).append(e.getKey()).append(": ")
                        .append(n.isContainerNode() ? n.toString() : n.asText()).append('\n');
            }
        }
    }
}
