package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.TeeType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar on its default blocking transport (issue 15): a request framed two ways at once
 * never reaches {@code /v1/verify}, a pool full of requests in progress answers {@code /healthz} with
 * 503 at once instead of dropping it, a pool full of idle kept-alive connections makes room, and {@code --http-server jdk} still serves; over real loopback
 * sockets, every read under a timeout.
 */
@Timeout(60)
class SidecarTransportTest {
    private static final byte[] HEALTHZ = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Sidecar.Config config(int workers, int queue) throws IOException {
        Path tdx = Files.write(dir.resolve("collateral.json"), DemoSamples.resource("tdx/collateral.json"));
        return new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, workers, queue, null, true, false,
                List.of(), Map.of(TeeType.TDX, List.of(tdx)), Clock.systemUTC(), type -> {
                    throw new IllegalStateException("no attester: " + type);
                });
    }

    private static String tdxRequest() throws IOException {
        return "{\"tee\":\"tdx\",\"evidence\":\"" + SidecarLoadTest.b64(DemoSamples.resource("tdx/quote.dat"))
                + "\",\"at\":\"2025-07-04T10:24:00Z\"}";
    }

    private static Socket open(Sidecar s) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** The status line and headers of one reply (lower-case), body skipped. */
    private static List<String> head(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = SidecarOutboundTest.readLine(in); !l.isEmpty(); l = SidecarOutboundTest.readLine(in)) {
            lines.add(l.toLowerCase(Locale.ROOT));
        }
        return lines;
    }

    @Test
    void aVerifyRequestWithBothContentLengthAndChunkedFramingIsRefusedUnread() throws Exception {
        String body = tdxRequest();
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        try (Sidecar sidecar = new Sidecar(config(2, 4)); Socket s = open(sidecarStarted(sidecar))) {
            s.getOutputStream().write(("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: " + chunked.length()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked).getBytes(StandardCharsets.US_ASCII));
            List<String> head = head(s.getInputStream());
            assertTrue(head.get(0).startsWith("http/1.1 400"), head.toString());
            assertTrue(head.contains("connection: close"), head.toString());
        }
    }

    @Test
    void aMalformedChunkedBodyIsAnswered400EvenThoughTheEndpointDropsIt() throws Exception {
        try (Sidecar sidecar = sidecarStarted(new Sidecar(config(2, 4))); Socket s = open(sidecar)) {
            s.getOutputStream().write(("POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\n{}XX\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            List<String> head = head(s.getInputStream());
            assertTrue(head.get(0).startsWith("http/1.1 400"), head.toString());
            assertTrue(head.contains("connection: close"), head.toString());
        }
    }

    @Test
    void withEveryConnectionThreadInsideARequestHealthzIsAnswered503AtOnce() throws Exception {
        // 1 slot, no queue: 1 + 0 + 16 connection threads, all held by heads that trickle
        int threads = 1 + Sidecar.SPARE_CONNECTION_THREADS;
        List<Socket> held = new ArrayList<>();
        try (Sidecar sidecar = sidecarStarted(new Sidecar(config(1, 0)))) {
            for (int i = 0; i < threads; i++) {
                Socket s = open(sidecar);
                held.add(s);
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            Thread.sleep(200); // every one picked up by a connection thread
            long start = System.nanoTime();
            try (Socket s = open(sidecar)) {
                s.getOutputStream().write(HEALTHZ);
                List<String> head = head(s.getInputStream());
                assertTrue(head.get(0).startsWith("http/1.1 503"), head.toString());
                assertTrue(head.contains("retry-after: 1"), head.toString());
            }
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "answered at once, not queued");
            held.remove(0).close();
            Thread.sleep(200);
            assertHealthy(sidecar);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void idleKeptAliveConnectionsMakeRoomForANewOne() throws Exception {
        int threads = 1 + Sidecar.SPARE_CONNECTION_THREADS;
        List<Socket> held = new ArrayList<>();
        try (Sidecar sidecar = sidecarStarted(new Sidecar(config(1, 0)))) {
            for (int i = 0; i < threads; i++) {
                Socket s = open(sidecar);
                held.add(s);
                s.getOutputStream().write(HEALTHZ);
                SidecarSlowClientTest.readResponse(s.getInputStream()); // kept alive, then idle
            }
            for (int i = 0; i < 3; i++) {
                assertHealthy(sidecar);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static void assertHealthy(Sidecar sidecar) throws IOException {
        try (Socket s = open(sidecar)) {
            s.getOutputStream().write(HEALTHZ);
            String reply = SidecarSlowClientTest.readResponse(s.getInputStream());
            assertEquals("ok", Json.MAPPER.readTree(reply).path("status").asText(), reply);
        }
    }

    @Test
    void theJdkServerIsStillSelectable() throws Exception {
        try (Sidecar sidecar = sidecarStarted(new Sidecar(config(2, 4), null, Sidecar.Transport.JDK));
                Socket s = open(sidecar)) {
            String body = tdxRequest();
            s.getOutputStream().write(("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            String reply = SidecarSlowClientTest.readResponse(s.getInputStream());
            assertTrue(Json.MAPPER.readTree(reply).path("verified").asBoolean(), reply);
        }
        Cli.Result bad = Cli.run("serve", "--http-server", "netty", "--port", "0");
        assertEquals(1, bad.rc(), bad.toString());
        assertTrue(bad.err().contains("--http-server"), bad.toString());
    }

    private static Sidecar sidecarStarted(Sidecar s) {
        s.start();
        return s;
    }
}
