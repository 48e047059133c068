package io.tee4j.cli.http;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * One request line and its header fields, read strictly, with the body framing decided once here
 * so that no two readers can disagree about where the body ends (request smuggling): a
 * {@code Transfer-Encoding} together with a {@code Content-Length} is refused, as are two
 * {@code Content-Length} fields, a length that is not plain digits, any transfer coding but
 * {@code chunked}, folded header lines, white space before a colon, and control characters.
 *
 * @param bodyLength the declared length, {@link #CHUNKED}, or 0 without a body
 */
record RequestHead(String method, URI uri, String protocol, Headers headers, long bodyLength,
        boolean expectContinue, boolean closeAfter) {

    /** {@link #bodyLength} of a chunked body. */
    static final long CHUNKED = -1;

    boolean http11() {
        return protocol.equals("HTTP/1.1");
    }

    /** Reads one head; the first byte is already buffered in {@code in}. */
    static RequestHead read(ConnectionInput in, HttpLimits limits) throws IOException {
        String line = in.readLine(limits.maxRequestLineBytes(), 414);
        if (line.isEmpty()) {
            // RFC 9112 section 2.2: one empty line before a request line is tolerated.
            line = in.readLine(limits.maxRequestLineBytes(), 414);
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw bad("malformed request line");
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String protocol = line.substring(sp2 + 1);
        if (!isToken(method)) {
            throw bad("malformed method");
        }
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            throw protocol.matches("HTTP/[0-9]\\.[0-9]") ? new HttpProtocolException(505, "HTTP version not supported")
                    : bad("malformed HTTP version");
        }
        URI uri = target(target);
        Headers headers = headers(in, limits);
        return framed(method, uri, protocol, headers);
    }

    private static URI target(String target) throws HttpProtocolException {
        if (!target.startsWith("/")) {
            throw bad("only origin-form request targets are served");
        }
        try {
            return new URI(target);
        } catch (URISyntaxException e) {
            throw bad("malformed request target");
        }
    }

    private static Headers headers(ConnectionInput in, HttpLimits limits) throws IOException {
        Headers headers = new Headers();
        int budget = limits.maxHeaderBytes();
        int count = 0;
        while (true) {
            String line = in.readLine(budget, 431);
            budget -= line.length() + 2;
            if (line.isEmpty()) {
                return headers;
            }
            if (++count > limits.maxHeaderCount() || budget < 0) {
                throw new HttpProtocolException(431, "too many or too large header fields");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw bad("folded header line");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw bad("malformed header field name");
            }
            String value = line.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw bad("control character in a header value");
                }
            }
            headers.add(line.substring(0, colon), value);
        }
    }

    private static RequestHead framed(String method, URI uri, String protocol, Headers headers)
            throws HttpProtocolException {
        boolean http11 = protocol.equals("HTTP/1.1");
        List<String> hosts = headers.get("Host");
        if (http11 && (hosts == null || hosts.size() != 1)) {
            throw bad("an HTTP/1.1 request needs exactly one Host");
        }
        List<String> te = headers.get("Transfer-Encoding");
        List<String> cl = headers.get("Content-Length");
        long length = 0;
        if (te != null && cl != null) {
            throw bad("both Transfer-Encoding and Content-Length");
        }
        if (te != null) {
            if (!http11) {
                throw bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (te.size() != 1 || !te.get(0).equalsIgnoreCase("chunked")) {
                throw new HttpProtocolException(501, "only the chunked transfer coding is accepted");
            }
            length = CHUNKED;
        } else if (cl != null) {
            length = contentLength(cl);
        }
        boolean expectContinue = false;
        List<String> expect = headers.get("Expect");
        if (expect != null) {
            if (expect.size() != 1 || !expect.get(0).equalsIgnoreCase("100-continue")) {
                throw new HttpProtocolException(417, "only Expect: 100-continue is understood");
            }
            expectContinue = http11 && length != 0;
        }
        return new RequestHead(method, uri, protocol, headers, length, expectContinue,
                !http11 || hasToken(headers.get("Connection"), "close"));
    }

    private static long contentLength(List<String> values) throws HttpProtocolException {
        String v = values.get(0);
        if (values.size() != 1 || v.isEmpty() || v.length() > 18) {
            throw bad("one Content-Length of at most 18 digits");
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw bad("Content-Length must be plain digits");
            }
        }
        return Long.parseLong(v);
    }

    private static boolean hasToken(List<String> values, String token) {
        if (values != null) {
            for (String v : values) {
                for (String t : v.split(",")) {
                    if (t.strip().toLowerCase(Locale.ROOT).equals(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** RFC 9110 token characters (method and field names). */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static HttpProtocolException bad(String message) {
        return new HttpProtocolException(400, message);
    }
}
