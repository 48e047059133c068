package io.tee4j.cli.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking transport against hostile and unusual clients over real loopback sockets: request
 * smuggling shapes, oversized heads, slowloris heads and bodies, idle connections, pipelining,
 * clients that vanish mid-body or stop reading a large reply, and a full connection pool. Timers
 * are shortened to 400 ms; every socket read has a timeout, so nothing here can hang.
 */
@Timeout(60)
class BlockingHttpServerTest {
    private static final int CAP = 1024;
    private static final Duration TIMER = Duration.ofMillis(400);
    private static final int READ_TIMEOUT = 5_000;

    private BlockingHttpServer server;
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger failedReads = new AtomicInteger();
    private int port;

    @BeforeEach
    void start() throws IOException {
        HttpLimits limits = new HttpLimits(256, 1024, 10, CAP, 3, TIMER, TIMER, TIMER, TIMER);
        server = BlockingHttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, limits,
                null);
        server.createContext("/echo", this::echo);
        server.createContext("/big", ex -> {
            handled.incrementAndGet();
            byte[] body = new byte[Integer.parseInt(ex.getRequestURI().getQuery())];
            Arrays.fill(body, (byte) 'x');
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            } finally {
                ex.close();
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    /** Reads the body as the sidecar does ({@code cap + 1} bytes) and echoes it, or answers 413. */
    private void echo(HttpExchange ex) throws IOException {
        handled.incrementAndGet();
        byte[] body;
        try {
            body = ex.getRequestBody().readNBytes(CAP + 1);
        } catch (IOException e) {
            failedReads.incrementAndGet();
            throw e;
        }
        int status = body.length > CAP ? 413 : 200;
        byte[] reply = status == 200 ? body : "too large".getBytes(StandardCharsets.US_ASCII);
        ex.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(reply);
        }
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RawHttp connect() throws IOException {
        return new RawHttp(port, READ_TIMEOUT);
    }

    private static String post(String body, String extraHeaders) {
        return "POST /echo HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "Content-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    private void assertRefused(String request, int status) throws IOException {
        try (RawHttp c = connect()) {
            RawHttp.Reply r = c.send(request).reply();
            assertEquals(status, r.status(), request + " -> " + r.text());
            assertTrue(r.closes(), "a refused request closes its connection");
            assertTrue(c.closedByServer(), "closed after the refusal");
        }
        assertEquals(0, handled.get(), "no handler saw the refused request");
    }

    @Test
    void contentLengthAndTransferEncodingTogetherAreRefused() throws IOException {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n",
                400);
    }

    @Test
    void twoContentLengthsOrAnUnusualOneAreRefused() throws IOException {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400);
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc", 400);
        for (String v : new String[] {"-1", "+3", "3, 3", "0x3", " ", "99999999999999999999"}) {
            assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + v + "\r\n\r\nabc", 400);
        }
    }

    @Test
    void transferCodingsOtherThanChunkedAndSmugglingShapesAreRefused() throws IOException {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n", 501);
        assertRefused("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\nabc", 400);
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nX: a\r\n folded\r\nContent-Length: 3\r\n\r\nabc", 400);
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nX: a\rContent-Length: 3\r\n\r\nabc", 400);
        assertRefused("GET /echo HTTP/1.1\r\n\r\n", 400); // no Host
        assertRefused("GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        assertRefused("GET http://x/echo HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        assertRefused("GET /echo HTTP/2.0\r\nHost: x\r\n\r\n", 505);
        assertRefused("GET /echo HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n", 417);
    }

    @Test
    void oversizedRequestLineAndHeadersAreRefused() throws IOException {
        assertRefused("GET /echo?" + "a".repeat(300) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        assertRefused("GET /echo HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(1100) + "\r\n\r\n", 431);
        StringBuilder many = new StringBuilder("GET /echo HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 11; i++) {
            many.append("X").append(i).append(": 1\r\n");
        }
        assertRefused(many.append("\r\n").toString(), 431);
    }

    @Test
    void chunkedBodiesAreDecodedAndHeldToTheCap() throws IOException {
        try (RawHttp c = connect()) {
            RawHttp.Reply r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n").reply();
            assertEquals("abcde", r.text());
            assertFalse(r.closes(), "a chunked request read to its end keeps the connection");
            assertEquals("fg", c.send(post("fg", "")).reply().text());
        }
        try (RawHttp c = connect()) {
            String chunk = Integer.toHexString(600) + "\r\n" + "y".repeat(600) + "\r\n";
            RawHttp.Reply r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk + chunk + chunk + "0\r\n\r\n").reply();
            assertEquals(413, r.status(), "the decoded length is held to the cap");
        }
        try (RawHttp c = connect()) {
            RawHttp.Reply r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabcXX\r\n0\r\n\r\n").reply();
            assertEquals(400, r.status(), "chunk data longer than its size");
            assertEquals(1, failedReads.get());
        }
    }

    @Test
    void aSlowlorisHeadIsCutOffByTheHeaderTimer() throws IOException {
        try (RawHttp c = connect()) {
            long start = System.nanoTime();
            c.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 10 && !c.socket.isClosed(); i++) {
                try {
                    sleep(100);
                    c.send("X: 1\r\n"); // trickles on, within every read timeout
                } catch (IOException closed) {
                    break;
                }
            }
            assertTrue(c.closedByServer(), "the server closed the trickling head");
            assertTrue(elapsedMillis(start) < 3_000, "closed by the 400 ms head timer: " + elapsedMillis(start));
        }
        assertEquals(0, handled.get());
    }

    @Test
    void aSlowlorisBodyIsCutOffByTheBodyTimer() throws IOException {
        try (RawHttp c = connect()) {
            long start = System.nanoTime();
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab");
            assertTrue(c.closedByServer(), "the server closed the trickling body");
            assertTrue(elapsedMillis(start) < 3_000, "closed by the 400 ms body timer: " + elapsedMillis(start));
        }
        for (int i = 0; i < 50 && failedReads.get() == 0; i++) {
            sleep(40); // the handler's thread sees the close a moment after the client does
        }
        assertEquals(1, failedReads.get(), "the handler saw its body read fail");
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedByTheIdleTimer() throws IOException {
        try (RawHttp c = connect()) {
            assertEquals("a", c.send(post("a", "")).reply().text());
            long start = System.nanoTime();
            assertTrue(c.closedByServer());
            assertTrue(elapsedMillis(start) < 3_000, "idle timer: " + elapsedMillis(start));
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        try (RawHttp c = connect()) {
            c.send(post("one", "") + "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n" + post("three", "")
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nfour\r\n0\r\n\r\n");
            assertEquals("one", c.reply().text());
            assertEquals(200, c.reply().status());
            assertEquals("three", c.reply().text());
            assertEquals("four", c.reply().text());
        }
        assertEquals(4, handled.get());
    }

    @Test
    void connectionCloseAndHttp10AreHonoured() throws IOException {
        try (RawHttp c = connect()) {
            assertTrue(c.send(post("a", "Connection: keep-alive, close\r\n")).reply().closes());
            assertTrue(c.closedByServer());
        }
        try (RawHttp c = connect()) {
            RawHttp.Reply r = c.send("POST /echo HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi").reply();
            assertEquals("hi", r.text());
            assertTrue(c.closedByServer(), "HTTP/1.0 closes after one request");
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsRead() throws IOException {
        try (RawHttp c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, c.reply().status(), "the client is told to send its body");
            assertEquals("hello", c.send("hello").reply().text());
            assertEquals("again", c.send(post("again", "")).reply().text());
        }
        try (RawHttp c = connect()) {
            // a body over the cap is refused before the client is asked for it
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
            assertEquals(100, c.reply().status());
            c.send("z".repeat(5000));
            RawHttp.Reply r = c.reply();
            assertEquals(413, r.status());
        }
    }

    @Test
    void aClientClosingMidBodyFreesItsThread() throws IOException {
        for (int i = 0; i < 5; i++) { // more than the 3 connection threads
            try (RawHttp c = connect()) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf");
                sleep(50);
            }
        }
        sleep(300);
        try (RawHttp c = connect()) {
            assertEquals("ok", c.send(post("ok", "")).reply().text());
        }
    }

    @Test
    void aReplyLargerThanTheSocketBuffersArrivesWhole() throws IOException {
        try (RawHttp c = connect()) {
            int size = 8 << 20;
            RawHttp.Reply r = c.send("GET /big?" + size + " HTTP/1.1\r\nHost: x\r\n\r\n").reply();
            assertEquals(size, r.body().length);
            assertEquals('x', r.body()[size - 1]);
            assertEquals("still", c.send(post("still", "")).reply().text(), "the connection stays usable");
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffByTheWriteTimer() throws IOException {
        try (RawHttp stalled = connect()) {
            stalled.socket.setReceiveBufferSize(4096);
            stalled.send("GET /big?" + (32 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            sleep(2_000); // write timer 400 ms: the writer gives up and its thread is free again
            for (int i = 0; i < 3; i++) {
                try (RawHttp c = connect()) {
                    assertEquals("free", c.send(post("free", "")).reply().text());
                }
            }
        }
    }

    @Test
    void aFullPoolAnswers503AtOnceAndRecovers() throws IOException {
        RawHttp[] holders = new RawHttp[3];
        try {
            for (int i = 0; i < holders.length; i++) {
                holders[i] = connect().send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nin"); // mid-body
            }
            sleep(100);
            long start = System.nanoTime();
            try (RawHttp c = connect()) {
                RawHttp.Reply r = c.send(post("x", "")).reply();
                assertEquals(503, r.status());
                assertEquals("1", r.headers().get("retry-after"));
                assertTrue(r.closes());
            }
            assertTrue(elapsedMillis(start) < 1_000, "refused at once: " + elapsedMillis(start));
        } finally {
            for (RawHttp h : holders) {
                if (h != null) {
                    h.close();
                }
            }
        }
        sleep(300);
        try (RawHttp c = connect()) {
            assertEquals("back", c.send(post("back", "")).reply().text());
        }
    }

    @Test
    void idleKeptAliveConnectionsGiveWayToNewOnes() throws IOException {
        RawHttp[] idle = new RawHttp[3];
        try {
            for (int i = 0; i < idle.length; i++) {
                idle[i] = connect();
                assertEquals("i", idle[i].send(post("i", "")).reply().text());
            }
            for (int i = 0; i < 3; i++) {
                try (RawHttp c = connect()) {
                    assertEquals("new", c.send(post("new", "")).reply().text(), "an idle connection made room");
                }
            }
            int closed = 0;
            for (RawHttp c : idle) {
                c.socket.setSoTimeout(100);
                try {
                    closed += c.closedByServer() ? 1 : 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // this one was not needed
                }
            }
            assertTrue(closed >= 1, "at least one idle connection was closed for the newcomers");
        } finally {
            for (RawHttp h : idle) {
                if (h != null) {
                    h.close();
                }
            }
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
