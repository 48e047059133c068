package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Json#readStrict}: one value, no duplicates, no comments, short numbers, paths in errors. */
class JsonTest {

    private static Json.StrictJsonException refused(String json) {
        return assertThrows(Json.StrictJsonException.class, () -> Json.readStrict(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void errorsNameTheJsonPath() {
        assertEquals("$.a[1].b", refused("{\"a\": [1, {\"b\": 1, \"b\": 2}]}").path());
        assertEquals("$.x.y", refused("{\"x\": {\"y\": 1, \"y\": 1}}").path());
        Json.StrictJsonException e = refused("{\"n\": [0, 123456789012345678901]}");
        assertEquals("$.n[1]", e.path());
        assertTrue(e.problem().contains("longer than 20 digits"), e.problem());
    }

    @Test
    void oneValueOnly() {
        assertEquals("$", refused("{} {}").path());
        assertEquals("$", refused("[1] ]").path());
        assertEquals("$", refused("").path());
        assertTrue(refused("{\"a\": 1}\n{\"a\": 2}").problem().contains("content after the first JSON value"));
    }

    @Test
    void noCommentsAndNoJacksonInternals() {
        for (String json : new String[] {"{\"a\": 1 /* c */}", "# c\n{}", "// c\n{}"}) {
            Json.StrictJsonException e = refused(json);
            assertTrue(!e.getMessage().contains("Source") && !e.getMessage().contains("Feature"), e.getMessage());
        }
        assertTrue(refused("{\"a\": 1 /* c */}").problem().contains("comments are not allowed"));
        // A YAML-style comment is named as one too, not as a bare syntax error.
        assertTrue(refused("{\n# c\n\"a\": 1}").problem().contains("comments are not allowed"));
    }

    @Test
    void deepNestingIsRefused() {
        Json.StrictJsonException e = refused("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1));
        assertTrue(e.problem().contains("nested deeper"), e.problem());
    }

    @Test
    void ordinaryJsonReads() throws Exception {
        assertEquals(18446744073709551615.0, Json.readStrict("{\"max\": 18446744073709551615}"
                .getBytes(StandardCharsets.UTF_8)).get("max").asDouble(), 1e4);
        assertEquals(3, Json.readStrict(" [1, 2, 3] \n".getBytes(StandardCharsets.UTF_8)).size());
    }
}
