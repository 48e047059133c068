package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.TeeUnavailableException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sidecar's HTTP surface over real loopback HTTP: endpoints, malformed and oversized requests. */
class SidecarTest {
    private Sidecar sidecar;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 4096, 2, 4, "s3cret",
                true, false, List.of(), Clock.systemUTC(),
                type -> {
                    throw new TeeUnavailableException("no TEE in this test");
                });
        sidecar = new Sidecar(config);
        sidecar.start();
    }

    @AfterEach
    void stop() {
        sidecar.close();
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void healthz() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("ok", json(r).get("status").asText());
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, post("/v2/whatever", "{}", null).statusCode());
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.port() + "/v1/verify")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
    }

    @Test
    void badJsonIs400WithItsClass() throws Exception {
        HttpResponse<String> r = post("/v1/verify", "{not json", null);
        assertEquals(400, r.statusCode());
        assertEquals("USAGE", json(r).get("error").get("class").asText());
        assertEquals(1, json(r).get("error").get("exitCode").asInt());
    }

    @Test
    void nonObjectIs400() throws Exception {
        assertEquals(400, post("/v1/verify", "[1,2]", null).statusCode());
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        HttpResponse<String> r = post("/v1/verify", "{\"tee\":\"" + "x".repeat(10_000) + "\"}", null);
        assertEquals(413, r.statusCode());
    }

    @Test
    void unknownKeyIsRejectedWithItsPath() throws Exception {
        HttpResponse<String> r = post("/v1/verify", "{\"tee\":\"sev-snp\",\"evidense\":\"AA==\"}", null);
        assertEquals(400, r.statusCode());
        assertTrue(json(r).get("error").get("message").asText().startsWith("$.evidense"), r.body());
    }

    @Test
    void wrongTypeIsRejectedWithItsPath() throws Exception {
        HttpResponse<String> r = post("/v1/verify", "{\"tee\":5,\"evidence\":\"AA==\"}", null);
        assertEquals(400, r.statusCode());
        assertTrue(json(r).get("error").get("message").asText().startsWith("$.tee"), r.body());
    }

    @Test
    void unknownTeeIsRejected() throws Exception {
        HttpResponse<String> r = post("/v1/verify", "{\"tee\":\"sgx\",\"evidence\":\"AA==\"}", null);
        assertEquals(400, r.statusCode());
    }

    @Test
    void attestNeedsTheToken() throws Exception {
        assertEquals(401, post("/v1/attest", "{\"reportData\":\"00\"}", null).statusCode());
        assertEquals(401, post("/v1/attest", "{\"reportData\":\"00\"}", "wrong").statusCode());
        HttpResponse<String> r = post("/v1/attest", "{\"reportData\":\"00\"}", "s3cret");
        assertEquals(503, r.statusCode());
        assertEquals("TEE_UNAVAILABLE", json(r).get("error").get("class").asText());
        assertEquals(7, json(r).get("error").get("exitCode").asInt());
    }

    @Test
    void bindingBeyondLoopbackWithoutTokenIsRefused() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        try {
            new Sidecar.Config(any, 0, 1, 1, 1, null, true, false, List.of(), Clock.systemUTC(), t -> null);
            throw new AssertionError("expected refusal");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("bearer token"));
        }
    }
}
