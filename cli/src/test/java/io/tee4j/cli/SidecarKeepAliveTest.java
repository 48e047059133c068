package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guards the sidecar's keep-alive speed over real loopback sockets: {@code GET /healthz} over one
 * kept-alive connection must run at least half as fast as with a new connection per request. The
 * check is a ratio, not an absolute time, so a slow or loaded machine does not fail it, while the
 * Nagle/delayed-ACK stall it guards against (~40 ms per reply written in pieces) makes the
 * keep-alive rate about fifty times lower. Each loop is bounded (200 requests) and every socket
 * read has a timeout.
 */
class SidecarKeepAliveTest {
    private static final int REQUESTS = 200;
    private static final int WARM_UP = 20;
    private static final byte[] KEEP_ALIVE = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    @Timeout(120)
    void keepAliveHealthzRunsAtLeastHalfAsFastAsANewConnectionPerRequest() throws Exception {
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 16, 2, 4, null,
                true, false, List.of(), Clock.systemUTC(), type -> {
                    throw new IllegalStateException("no attester: " + type);
                });
        try (Sidecar sidecar = new Sidecar(config)) {
            sidecar.start();
            int port = sidecar.port();
            keepAlive(port, WARM_UP);
            newConnections(port, WARM_UP);
            double keepAliveRate = keepAlive(port, REQUESTS);
            double newConnectionRate = newConnections(port, REQUESTS);
            String figures = String.format(Locale.ROOT, "keep-alive %.0f/s, new connection per request %.0f/s",
                    keepAliveRate, newConnectionRate);
            System.out.println("SidecarKeepAliveTest: " + figures);
            assertTrue(keepAliveRate >= 0.5 * newConnectionRate, figures);
        }
    }

    /** Requests per second over one connection kept alive for {@code n} requests. */
    private static double keepAlive(int port, int n) throws IOException {
        try (Socket s = socket(port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                out.write(KEEP_ALIVE);
                out.flush();
                readResponse(in);
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Requests per second with a new connection (connect, request, reply, close) per request. */
    private static double newConnections(int port, int n) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (Socket s = socket(port)) {
                s.getOutputStream().write(CLOSE);
                s.getOutputStream().flush();
                readResponse(new BufferedInputStream(s.getInputStream()));
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static Socket socket(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; checks it is 200 with the health JSON. */
    private static void readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length > 0 && length < 4096, head);
        byte[] body = in.readNBytes(length);
        assertEquals(length, body.length);
        assertTrue(new String(body, StandardCharsets.UTF_8).contains("\"ok\""));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 8192) {
                throw new IOException("response head too long");
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
