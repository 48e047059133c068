package io.tee4j.nvgpu.collateral;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the RIM service's answer: a JSON object whose {@code "rim"} member is the base64 of the
 * SWID XML (other members such as {@code id}, {@code sha256}, {@code last_updated} are ignored;
 * their authenticity comes from the XML signature, not from the transport). A body that already
 * is XML is returned as is. A small strict reader (depth and size bounded), so the module needs no
 * JSON library.
 */
public final class RimServiceJson {
    private static final int MAX_DEPTH = 16;

    private final String s;
    private int p;
    private String rim;

    private RimServiceJson(String s) {
        this.s = s;
    }

    /**
     * The RIM XML carried by a RIM-service answer.
     *
     * @throws IllegalArgumentException when the body is neither XML nor such a JSON object
     */
    public static byte[] extractRim(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("<")) {
            return body;
        }
        RimServiceJson r = new RimServiceJson(text);
        r.ws();
        r.value(0, true);
        r.ws();
        if (r.p != r.s.length()) {
            throw new IllegalArgumentException("trailing characters after the JSON object");
        }
        if (r.rim == null) {
            throw new IllegalArgumentException("the RIM service answer has no \"rim\" member");
        }
        try {
            return Base64.getMimeDecoder().decode(r.rim);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the \"rim\" member is not base64");
        }
    }

    private void value(int depth, boolean top) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested too deeply");
        }
        char c = peek();
        if (c == '{') {
            p++;
            ws();
            if (peek() == '}') {
                p++;
                return;
            }
            while (true) {
                ws();
                String key = string();
                ws();
                expect(':');
                ws();
                if (top && "rim".equals(key) && peek() == '"') {
                    if (rim != null) {
                        throw new IllegalArgumentException("duplicate \"rim\" member");
                    }
                    rim = string();
                } else {
                    value(depth + 1, false);
                }
                ws();
                char n = next();
                if (n == '}') {
                    return;
                }
                if (n != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (p - 1));
                }
            }
        }
        if (top) {
            throw new IllegalArgumentException("the RIM service answer is not a JSON object");
        }
        if (c == '[') {
            p++;
            ws();
            if (peek() == ']') {
                p++;
                return;
            }
            while (true) {
                ws();
                value(depth + 1, false);
                ws();
                char n = next();
                if (n == ']') {
                    return;
                }
                if (n != ',') {
                    throw new IllegalArgumentException("expected , or ] at " + (p - 1));
                }
            }
        }
        if (c == '"') {
            string();
            return;
        }
        int start = p;
        while (p < s.length() && "+-0123456789.eEtruefalsn".indexOf(s.charAt(p)) >= 0) {
            p++;
        }
        String lit = s.substring(start, p);
        if (lit.isEmpty() || !(lit.equals("true") || lit.equals("false") || lit.equals("null")
                || lit.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))) {
            throw new IllegalArgumentException("bad JSON value at " + start);
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a JSON string");
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"': case '\\': case '/':
                        sb.append(e);
                        break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (p + 4 > s.length()) {
                            throw new IllegalArgumentException("short \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new IllegalArgumentException("bad \\u escape");
                        }
                        p += 4;
                        break;
                    default:
                        throw new IllegalArgumentException("bad escape \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private void ws() {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
    }

    private char peek() {
        if (p >= s.length()) {
            throw new IllegalArgumentException("JSON ends early");
        }
        return s.charAt(p);
    }

    private char next() {
        char c = peek();
        p++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (p - 1));
        }
    }
}
