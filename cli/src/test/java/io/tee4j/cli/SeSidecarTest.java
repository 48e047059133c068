package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.se.abi.SeHeader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sidecar verifies an ibm-se response: ARPK in $.arpk, the image in the policy's headerTags. */
class SeSidecarTest {
    private static final Path V = Path.of("../ibm-se/src/test/resources/io/tee4j/se/vectors");
    private Sidecar sidecar;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        sidecar = new Sidecar(new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 65536, 2, 4, null, true, false,
                List.of(), Clock.systemUTC(), type -> {
                    throw new TeeUnavailableException("no TEE in this test");
                }));
        sidecar.start();
    }

    @AfterEach
    void stop() {
        sidecar.close();
    }

    private JsonNode verify(String response, String arpk, String extra) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(V.resolve(response)));
        String tags = HexFormat.of().formatHex(SeHeader.parse(Files.readAllBytes(V.resolve("s390tools-secure_guest.hdr")))
                .tags().toBytes());
        String body = "{\"tee\":\"ibm-se\",\"evidence\":\"" + b64 + "\"" + (arpk == null ? "" : ",\"arpk\":\"" + arpk + "\"")
                + ",\"policy\":{\"headerTags\":[\"" + tags + "\"]}" + extra + "}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + "/v1/verify"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = Json.MAPPER.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("httpStatus", r.statusCode());
        return n;
    }

    @Test
    void compositeVerifiesAndTamperedIsExitTwo() throws Exception {
        String arpk = Base64.getEncoder().encodeToString(Files.readAllBytes(V.resolve("composite-1/arpk.bin")));
        JsonNode ok = verify("composite-1/response.bin", arpk, "");
        assertEquals(200, ok.get("httpStatus").asInt(), ok.toString());
        assertTrue(ok.toString().contains("6acf8cfb987d23eb4f9151e8c2e58357"), ok.toString());
        JsonNode bad = verify("composite-1/response-bad-user.bin", arpk, "");
        assertTrue(bad.toString().contains("\"exitCode\":2"), bad.toString());
        JsonNode nonce = verify("composite-1/response.bin", arpk, ",\"nonce\":\"00\"");
        assertTrue(nonce.toString().contains("\"exitCode\":5"), nonce.toString());
        JsonNode noArpk = verify("composite-1/response.bin", null, "");
        assertEquals(400, noArpk.get("httpStatus").asInt(), noArpk.toString());
    }
}
