package io.tee4j.cli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;

/**
 * The exchange-level steps of the sidecar: method and token checks before any body byte is
 * read, the body read whole and capped, and the reply written as one buffer with its
 * {@code Content-Length}.
 */
final class SidecarHttp {
    private SidecarHttp() {
    }

    static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            throw new BadRequest(405, "METHOD_NOT_ALLOWED", "use " + method);
        }
    }

    /** Constant-time comparison of the {@code Authorization} header with {@code Bearer <token>}. */
    static void requireToken(HttpExchange ex, String token) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new BadRequest(401, "UNAUTHORIZED", "missing or wrong bearer token");
        }
    }

    /**
     * The whole request body, at most {@code cap} bytes: a declared {@code Content-Length} over
     * the cap is refused before reading, a chunked body when it passes the cap. A client that
     * trickles its body holds only its connection thread meanwhile (no verification slot), until
     * it finishes or the server's request timer closes the connection.
     */
    static byte[] readBody(HttpExchange ex, int cap) throws IOException {
        return readBody(ex.getRequestBody(), ex.getRequestHeaders().getFirst("Content-Length"), cap);
    }

    /** {@link #readBody(HttpExchange, int)} over the body's stream and its {@code Content-Length} (null: none). */
    static byte[] readBody(InputStream in, String length, int cap) throws IOException {
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "USAGE", "bad Content-Length");
            }
            if (declared > cap) {
                throw tooLarge(cap);
            }
            if (declared >= 0) {
                return declaredBody(in, (int) declared, cap);
            }
        }
        return cappedBody(in, cap);
    }

    /**
     * A body of a declared length read straight into one array of that length: no chunk list and
     * no final copy ({@link InputStream#readNBytes(int)} costs both, on every request). A stream
     * that ends early gives what came, as the capped read would; one that goes on past the declared
     * length is read on under the cap, so the declared length never lets more through.
     */
    private static byte[] declaredBody(InputStream in, int declared, int cap) throws IOException {
        byte[] body = new byte[declared];
        int read = in.readNBytes(body, 0, declared);
        if (read < declared) {
            return Arrays.copyOf(body, read);
        }
        int next = in.read();
        if (next < 0) {
            return body;
        }
        byte[] rest = cappedBody(in, cap - declared - 1);
        byte[] all = Arrays.copyOf(body, declared + 1 + rest.length);
        all[declared] = (byte) next;
        System.arraycopy(rest, 0, all, declared + 1, rest.length);
        if (all.length > cap) {
            throw tooLarge(cap);
        }
        return all;
    }

    private static byte[] cappedBody(InputStream in, int cap) throws IOException {
        byte[] body = in.readNBytes(cap + 1);
        if (body.length > cap) {
            throw tooLarge(cap);
        }
        return body;
    }

    private static BadRequest tooLarge(int cap) {
        return new BadRequest(413, "TOO_LARGE", "request body larger than " + cap + " bytes");
    }

    /**
     * Writes the reply, compact JSON (no indentation: the same fields and values in fewer bytes,
     * written faster; a client parses it either way), in one piece with its length, so a keep-alive connection carries the next
     * request at once (the server's TCP_NODELAY, set in {@link Sidecar}, sends it without
     * waiting for the client's delayed ACK of the headers).
     */
    static void send(HttpExchange ex, Sidecar.Reply reply) throws IOException {
        byte[] bytes = reply.compactBytes();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            ex.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        ex.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
