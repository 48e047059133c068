package io.tee4j.json;

/**
 * Writes a JSON string literal the way both canonical forms tee4j emits expect: RFC 8785 (JCS,
 * ECMAScript's {@code JSON.stringify}) and serde_json's compact output escape exactly the quote,
 * the backslash, {@code \b \f \n \r \t} by their short forms and every other control character as
 * {@code \}{@code u00xx} (lowercase hex); everything else, including non-ASCII, is written as is.
 * Nothing is validated here: the caller's text is written, not checked.
 */
public final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private JsonStrings() {
    }

    /** Appends {@code s} as a quoted JSON string literal to {@code out}. */
    public static void appendQuoted(String s, StringBuilder out) {
        appendQuoted(s, out, HEX);
    }

    /**
     * The same literal with upper-case hex in {@code \}{@code u00XX} escapes, as Jackson's default
     * writer emits them (the CLI's text output must read exactly as its earlier Jackson rendering).
     */
    public static void appendQuotedUpperCaseHex(String s, StringBuilder out) {
        appendQuoted(s, out, HEX_UPPER);
    }

    private static void appendQuoted(String s, StringBuilder out, char[] hex) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(hex[c >> 4]).append(hex[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
