package io.tee4j.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The sidecar benchmark's load client: blocking HTTP/1.1 over one keep-alive loopback connection,
 * one request at a time, as a Go, Python or curl client with connection reuse sends them. Each
 * request is one write (headers and body); the reply is read by its {@code Content-Length}, which
 * the sidecar always sends; a {@code Connection: close} reply closes the socket and the next
 * request opens a new one. Unlike {@code java.net.http.HttpClient} it hands no request between
 * threads (the JDK client passes each one through its selector thread and executor, which on a
 * loaded two-core machine costs as much as the sidecar's own work): the figures then measure the
 * sidecar, not the client. Not thread-safe: one per client thread.
 */
final class KeepAliveHttpClient implements AutoCloseable {
    private static final int MAX_HEADER_LINE = 8 << 10;

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveHttpClient(int port) {
        this.port = port;
    }

    /** POSTs {@code body} as JSON to {@code path}; returns the reply body of a 200, throws otherwise. */
    byte[] post(String path, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
            out = socket.getOutputStream();
        }
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("reply without Content-Length");
        }
        byte[] reply = in.readNBytes(length);
        if (reply.length != length) {
            throw new IOException("connection closed inside the reply");
        }
        if (close) {
            close();
        }
        if (code != 200) {
            throw new IllegalStateException("HTTP " + code + ": " + new String(reply, StandardCharsets.UTF_8));
        }
        return reply;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (s.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line too long");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
