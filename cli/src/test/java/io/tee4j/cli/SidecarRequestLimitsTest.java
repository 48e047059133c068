package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.verify.SnpTrustAnchors;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code /v1/verify} request may hold, over real loopback HTTP (issue 14): a strict JSON
 * body (item 3), at most 16 certificates (item 9), an {@code at} within 1970–9999 (item 11), the
 * token on every endpoint but {@code /healthz} beyond loopback (item 10), and no server-side
 * path in any answer (item 7).
 */
class SidecarRequestLimitsTest {
    @TempDir
    static Path dir;
    static Sidecar sidecar;
    static Path badCollateral;
    static String snpRequest;

    @BeforeAll
    static void start() throws Exception {
        // A file that is not TDX collateral, at a path the client must never see.
        badCollateral = Files.writeString(dir.resolve("secret-collateral-name.json"), "{\"not\":\"collateral\"}");
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 4 << 20, 2, 4, null,
                true, false, List.of(), Map.of(TeeType.TDX, List.of(badCollateral)), Clock.systemUTC(),
                type -> {
                    throw new TeeUnavailableException("no TEE in this test");
                }, null, dir.resolve("cache"));
        sidecar = new Sidecar(config);
        sidecar.start();
        snpRequest = SidecarLoadTest.genoaSnpRequest();
    }

    @AfterAll
    static void stop() {
        sidecar.close();
    }

    private static HttpResponse<String> verify(String body) throws Exception {
        return SidecarLoadTest.post(sidecar, "/v1/verify", body, null);
    }

    private static String message(HttpResponse<String> r) throws Exception {
        return SidecarLoadTest.json(r).path("error").path("message").asText();
    }

    private static void assertRefused(String body, String pathPrefix) throws Exception {
        HttpResponse<String> r = verify(body);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("USAGE", SidecarLoadTest.json(r).path("error").path("class").asText(), r.body());
        assertTrue(message(r).startsWith(pathPrefix), "expected " + pathPrefix + ": " + r.body());
        assertFalse(r.body().contains("line:") || r.body().contains("Source:"), "Jackson's location text: " + r.body());
    }

    @Test
    void theSampleVerifies() throws Exception {
        HttpResponse<String> r = verify(snpRequest);
        assertTrue(SidecarLoadTest.json(r).path("verified").asBoolean(), r.body());
    }

    // Item 3: a second "tee" must not silently win, nor a second allowDebug, nor a second object.
    @Test
    void duplicateKeysAtAnyDepthAreRefusedWithTheirPath() throws Exception {
        assertRefused(snpRequest.replaceFirst("\\{", "{\"tee\":\"tdx\","), "$.tee: the key \"tee\" is given twice");
        assertRefused(snpRequest.replace("}", ",\"policy\":{\"allowDebug\":false,\"allowDebug\":true}}"),
                "$.policy.allowDebug: the key \"allowDebug\" is given twice");
    }

    @Test
    void contentAfterTheObjectIsRefused() throws Exception {
        assertRefused(snpRequest + " {\"policy\":{\"vmpl\":0}}", "$: content after the first JSON value");
        assertRefused(snpRequest + " x", "$");
    }

    @Test
    void commentsAreRefused() throws Exception {
        assertRefused(snpRequest.replaceFirst("\\{", "{/* a comment */"), "$: comments are not allowed");
        assertRefused(snpRequest.replaceFirst("\\{", "{\n// line comment\n"), "$: comments are not allowed");
        assertRefused(snpRequest.replaceFirst("\\{", "{\n# yaml comment\n"), "$: comments are not allowed");
    }

    @Test
    void longNumbersAndDeepNestingAreRefused() throws Exception {
        assertRefused(snpRequest.replace("}", ",\"policy\":{\"vmpl\":" + "9".repeat(21) + "}}"), "$.policy.vmpl");
        assertRefused(snpRequest.replace("}", ",\"policy\":{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}}"),
                "$.policy.x");
    }

    // Item 11: an instant the JDK parses but no certificate date can hold was a 500.
    @Test
    void atOutside1970To9999IsABadRequest() throws Exception {
        for (String at : List.of("+1000000000-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z")) {
            assertRefused(snpRequest.replace("2025-09-01T00:00:00Z", at), "$.at: outside 1970");
        }
        HttpResponse<String> lastSecond = verify(snpRequest.replace("2025-09-01T00:00:00Z", "9999-12-31T23:59:59Z"));
        assertEquals(200, lastSecond.statusCode(), lastSecond.body()); // a verdict (the VCEK has expired by then)
        assertEquals("VERIFICATION_FAILED", SidecarLoadTest.json(lastSecond).path("failureClass").asText());
    }

    // Item 9: 300 look-alike VCEKs and 300 ASKs in one request.
    @Test
    void aPoolOfCertificatesIsRefusedBeforeAnyIsParsed() throws Exception {
        String vcek = Certificates.toPem(Certificates.parseOne(DemoSamples.resource("snp/genoa-vcek.der")));
        String ask;
        try (InputStream in = SnpTrustAnchors.class.getResourceAsStream("roots/genoa_ask.pem")) {
            ask = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        ObjectNode pool = (ObjectNode) Json.MAPPER.readTree(snpRequest);
        pool.putArray("certificates").add(SidecarLoadTest.b64((vcek.repeat(300) + ask.repeat(300))
                .getBytes(StandardCharsets.US_ASCII)));
        assertRefused(Json.MAPPER.writeValueAsString(pool), "$.certificates[0]: more than 16 certificates");
        // 16 one by one pass the cap (and are then verified as usual); a 17th in trustRoots does not
        ObjectNode sixteen = (ObjectNode) Json.MAPPER.readTree(snpRequest);
        var list = sixteen.putArray("certificates");
        for (int i = 0; i < 16; i++) {
            list.add(SidecarLoadTest.b64(DemoSamples.resource("snp/genoa-vcek.der")));
        }
        HttpResponse<String> r = verify(Json.MAPPER.writeValueAsString(sixteen));
        assertTrue(SidecarLoadTest.json(r).path("verified").asBoolean(), r.body());
        sixteen.putArray("trustRoots").add(SidecarLoadTest.b64(ask.getBytes(StandardCharsets.US_ASCII)));
        assertRefused(Json.MAPPER.writeValueAsString(sixteen), "$.trustRoots[0]: more than 16 certificates");
    }

    // Item 7: the TDX backend names the collateral file it could not read; the client sees no path.
    @Test
    void answersNameNoServerSidePath() throws Exception {
        HttpResponse<String> r = verify("{\"tee\":\"tdx\",\"evidence\":\""
                + SidecarLoadTest.b64(DemoSamples.resource("tdx/quote.dat")) + "\",\"at\":\"2025-07-04T10:24:00Z\"}");
        assertFalse(SidecarLoadTest.json(r).path("verified").asBoolean(true), r.body());
        assertFalse(r.body().contains("secret-collateral-name") || r.body().contains(dir.toString()), r.body());
    }

    // Item 10: beyond loopback the token guards every endpoint but /healthz.
    @Test
    void beyondLoopbackEveryEndpointButHealthzNeedsTheToken() throws Exception {
        Sidecar.Config config = new Sidecar.Config(InetAddress.getByName("0.0.0.0"), 0, 1 << 20, 2, 4, "t0ken",
                true, false, List.of(), Clock.systemUTC(), type -> {
                    throw new TeeUnavailableException("no TEE in this test");
                });
        try (Sidecar open = new Sidecar(config)) {
            open.start();
            HttpResponse<String> health = SidecarLoadTest.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + open.port() + "/healthz")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            for (String path : List.of("/v1/verify", "/v1/attest", "/nope")) {
                HttpResponse<String> none = SidecarLoadTest.post(open, path, snpRequest, null);
                assertEquals(401, none.statusCode(), path + ": " + none.body());
                assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null));
                assertEquals(401, SidecarLoadTest.post(open, path, snpRequest, "t0ke").statusCode(), path);
                assertNotEquals(401, SidecarLoadTest.post(open, path, snpRequest, "t0ken").statusCode(), path);
            }
            JsonNode verified = SidecarLoadTest.json(SidecarLoadTest.post(open, "/v1/verify", snpRequest, "t0ken"));
            assertTrue(verified.path("verified").asBoolean(), verified.toString());
        }
    }
}
