package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar under clients that hold connections (issue 14 item 8) over real loopback sockets,
 * with 2 verification slots: connections that trickle their headers or body never hold a slot,
 * so {@code /healthz} and {@code /v1/verify} still answer; with both slots really busy a request
 * gets 503 with {@code Retry-After} after its 2 s wait; a keep-alive connection carries several
 * requests. Every wait is bounded by a client timeout; nothing here measures speed.
 */
class SidecarSlowClientTest {
    private static final int TRICKLERS = 12;
    private static final Duration PROMPT = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    private Sidecar sidecar;
    private final CountDownLatch attesterGate = new CountDownLatch(1);
    private final CountDownLatch attestersInside = new CountDownLatch(2);
    private final List<Socket> held = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path tdxCollateral = Files.write(dir.resolve("collateral.json"), DemoSamples.resource("tdx/collateral.json"));
        // The attester blocks until released: two /v1/attest calls hold both verification slots.
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 2, 8, null,
                true, false, List.of(), Map.of(TeeType.TDX, List.of(tdxCollateral)), Clock.systemUTC(),
                type -> new Attester() {
                    @Override
                    public TeeType type() {
                        return TeeType.TDX;
                    }

                    @Override
                    public Evidence attest(byte[] reportData) throws TeeUnavailableException {
                        attestersInside.countDown();
                        try {
                            attesterGate.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new TeeUnavailableException("no TEE in this test");
                    }
                }, null, dir.resolve("cache"));
        sidecar = new Sidecar(config);
        sidecar.start();
    }

    @AfterEach
    void stop() throws IOException {
        attesterGate.countDown();
        for (Socket s : held) {
            s.close();
        }
        sidecar.close();
    }

    private Socket open() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), sidecar.port());
        s.setSoTimeout((int) PROMPT.toMillis());
        held.add(s);
        return s;
    }

    /** Clients that send part of a request and then nothing: half of them in the headers, half in the body. */
    private void trickle(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = open();
            String partial = i % 2 == 0 ? "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Le"
                    : "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n{\"tee\":";
            s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return SidecarLoadTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + path))
                .timeout(PROMPT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postPromptly(String path, String body) throws Exception {
        return SidecarLoadTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + path))
                .timeout(PROMPT).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String tdxRequest() throws Exception {
        return "{\"tee\":\"tdx\",\"evidence\":\"" + SidecarLoadTest.b64(DemoSamples.resource("tdx/quote.dat"))
                + "\",\"at\":\"2025-07-04T10:24:00Z\"}";
    }

    @Test
    void tricklingClientsNeitherBlockHealthzNorTakeVerificationSlots() throws Exception {
        trickle(TRICKLERS);
        Thread.sleep(300); // let the server pick them all up
        HttpResponse<String> health = get("/healthz");
        assertEquals(200, health.statusCode(), health.body());
        HttpResponse<String> verify = postPromptly("/v1/verify", tdxRequest());
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(SidecarLoadTest.json(verify).path("verified").asBoolean(), verify.body());
    }

    @Test
    void withBothSlotsBusyARequestGets503AndRetryAfterEvenUnderTricklers() throws Exception {
        trickle(TRICKLERS);
        List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            blocked.add(SidecarLoadTest.HTTP.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sidecar.port() + "/v1/attest")).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reportData\":\"00\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        assertTrue(attestersInside.await(10, TimeUnit.SECONDS), "the two attest calls never took the slots");
        HttpResponse<String> busy = postPromptly("/v1/verify", tdxRequest());
        assertEquals(503, busy.statusCode(), busy.body());
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
        assertEquals("OVERLOADED", SidecarLoadTest.json(busy).path("error").path("class").asText());
        assertEquals(200, get("/healthz").statusCode(), "healthz takes no slot");
        attesterGate.countDown();
        for (CompletableFuture<HttpResponse<String>> f : blocked) {
            assertEquals(503, f.get(30, TimeUnit.SECONDS).statusCode()); // the test attester has no TEE
        }
        assertEquals(200, postPromptly("/v1/verify", tdxRequest()).statusCode(), "slots are free again");
    }

    @Test
    void aKeepAliveConnectionCarriesSeveralRequests() throws Exception {
        Socket s = open();
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        for (int i = 0; i < 5; i++) {
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            JsonNode body = Json.MAPPER.readTree(readResponse(in));
            assertEquals("ok", body.path("status").asText());
        }
        String verify = tdxRequest();
        out.write(("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: " + verify.length() + "\r\n\r\n" + verify)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertTrue(Json.MAPPER.readTree(readResponse(in)).path("verified").asBoolean());
    }

    /** Reads one HTTP/1.1 response with a Content-Length from a kept-alive connection; returns its body. */
    static String readResponse(InputStream in) throws IOException {
        int length = -1;
        String status = SidecarOutboundTest.readLine(in);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        for (String line = SidecarOutboundTest.readLine(in); !line.isEmpty(); line = SidecarOutboundTest.readLine(in)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length > 0, "a reply with its Content-Length");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(in.readNBytes(length));
        return body.toString(StandardCharsets.UTF_8);
    }
}
