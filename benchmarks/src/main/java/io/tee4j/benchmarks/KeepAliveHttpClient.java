package io.tee4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The sidecar benchmark's load client: blocking HTTP/1.1 over one keep-alive loopback connection,
 * one request at a time, as a Go, Python or curl client with connection reuse sends them. Each
 * request is one write (headers and body, built once per distinct body); the reply's head is read
 * as bytes (the status code, {@code Content-Length}, {@code Connection: close}; no strings), its
 * body by its {@code Content-Length}, which
 * the sidecar always sends; a {@code Connection: close} reply closes the socket and the next
 * request opens a new one. Unlike {@code java.net.http.HttpClient} it hands no request between
 * threads (the JDK client passes each one through its selector thread and executor, which on a
 * loaded two-core machine costs as much as the sidecar's own work): the figures then measure the
 * sidecar, not the client. Not thread-safe: one per client thread.
 */
final class KeepAliveHttpClient implements AutoCloseable {
    private static final int MAX_HEADER_LINE = 8 << 10;
    private static final int MAX_KEPT_REQUESTS = 64;

    private static final byte[] HTTP_11 = ascii("http/1.1 ");
    private static final byte[] CONTENT_LENGTH = ascii("content-length:");
    private static final byte[] CONNECTION = ascii("connection:");
    private static final byte[] CLOSE = ascii("close");

    private final int port;
    private final byte[] line = new byte[MAX_HEADER_LINE];
    /** Built requests by their body (the same array object: a caller never changes a body it sends). */
    private final Map<byte[], byte[]> kept = new IdentityHashMap<>();
    private String keptPath;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /**
     * The connection's read buffer, unsynchronized: the reply head is read a byte at a time, and
     * {@code BufferedInputStream.read()} takes a lock per byte (a hundred per reply head).
     */
    private final byte[] buffer = new byte[64 << 10];
    private int position;
    private int limit;

    KeepAliveHttpClient(int port) {
        this.port = port;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs {@code body} as JSON to {@code path}; returns the reply body of a 200, throws otherwise. */
    byte[] post(String path, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            position = 0;
            limit = 0;
            out = socket.getOutputStream();
        }
        out.write(request(path, body));
        out.flush();
        int code = statusCode();
        int length = -1;
        boolean close = false;
        for (int n = headerLine(); n > 0; n = headerLine()) {
            if (startsWithIgnoreCase(n, CONTENT_LENGTH)) {
                length = decimal(n, CONTENT_LENGTH.length);
            } else if (startsWithIgnoreCase(n, CONNECTION) && containsIgnoreCase(n, CLOSE)) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("reply without Content-Length");
        }
        byte[] reply = body(length);
        if (close) {
            close();
        }
        if (code != 200) {
            throw new IllegalStateException("HTTP " + code + ": " + new String(reply, StandardCharsets.UTF_8));
        }
        return reply;
    }

    /**
     * Head and body as one array, built once per body (kept by identity, at most
     * {@value #MAX_KEPT_REQUESTS}): a benchmark sends the same few bodies again and again, and
     * building the head per request was the client's own cost in every figure.
     */
    private byte[] request(String path, byte[] body) {
        if (!path.equals(keptPath)) {
            kept.clear();
            keptPath = path;
        }
        byte[] request = kept.get(body);
        if (request != null) {
            return request;
        }
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        if (kept.size() >= MAX_KEPT_REQUESTS) {
            kept.clear();
        }
        kept.put(body, request);
        return request;
    }

    /** The status code of an {@code HTTP/1.1 NNN ...} status line. */
    private int statusCode() throws IOException {
        int n = headerLine();
        if (n < 12 || !startsWithIgnoreCase(n, HTTP_11)) {
            throw new IOException("not an HTTP/1.1 status line: " + new String(line, 0, n, StandardCharsets.US_ASCII));
        }
        return decimal(n, HTTP_11.length);
    }

    /** Reads one line into {@link #line} without its CR LF; its length (0 for the blank line ending the head). */
    private int headerLine() throws IOException {
        int n = 0;
        for (int b = read(); b != '\n'; b = read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (n >= line.length) {
                throw new IOException("header line too long");
            }
            if (b != '\r') {
                line[n++] = (byte) b;
            }
        }
        return n;
    }

    /** The next byte of the connection, or -1 at its end. */
    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    /** The reply body: what is buffered already, then the rest from the socket. */
    private byte[] body(int length) throws IOException {
        byte[] reply = new byte[length];
        int buffered = Math.min(length, limit - position);
        System.arraycopy(buffer, position, reply, 0, buffered);
        position += buffered;
        if (in.readNBytes(reply, buffered, length - buffered) != length - buffered) {
            throw new IOException("connection closed inside the reply");
        }
        return reply;
    }

    private boolean startsWithIgnoreCase(int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(line[i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoreCase(int n, byte[] word) {
        outer:
        for (int at = 0; at + word.length <= n; at++) {
            for (int i = 0; i < word.length; i++) {
                if (Character.toLowerCase(line[at + i]) != word[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The decimal number after {@code from} in {@link #line}, spaces around it skipped. */
    private int decimal(int n, int from) throws IOException {
        int i = from;
        while (i < n && line[i] == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < n && line[i] >= '0' && line[i] <= '9' && digits < 10; i++, digits++) {
            value = value * 10 + (line[i] - '0');
        }
        if (digits == 0 || value > Integer.MAX_VALUE) {
            throw new IOException("not a number: " + new String(line, 0, n, StandardCharsets.US_ASCII));
        }
        return (int) value;
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
