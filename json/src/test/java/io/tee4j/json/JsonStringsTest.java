package io.tee4j.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringsTest {
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        JsonStrings.appendQuoted(s, out);
        return out.toString();
    }

    @Test
    void shortEscapesControlCharactersAndEverythingElseAsIs() {
        assertEquals("\"\\\"\\\\\\b\\f\\n\\r\\t\"", quoted("\"\\\b\f\n\r\t"));
        assertEquals("\"\\u0000\\u001f\\u000b\"", quoted("\u0000\u001f\u000b"));
        assertEquals("\"/\u007f\u00e9\u20ac\ud83d\ude00\"", quoted("/\u007f\u00e9\u20ac\ud83d\ude00"));
    }

    @Test
    void everyControlCharacterMatchesTheFormattedEscape() {
        for (char c = 0; c < 0x20; c++) {
            String expected = switch (c) {
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> String.format("\\u%04x", (int) c);
            };
            assertEquals("\"" + expected + "\"", quoted(String.valueOf(c)));
        }
    }
}
