package io.tee4j.coco.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.CollateralUnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Veraison's key from its well-known document, at a configured (loopback here) URL only. */
class VeraisonKeysTest {
    @Test
    void theWellKnownKeyVerifiesTheVeraisonEar() throws Exception {
        String doc = "{\"ear-verification-key\":" + Vectors.text("veraison/veraison-ear-verification-key.jwk")
                + ",\"media-types\":[\"application/eat+jwt\"]}";
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
        s.createContext("/.well-known/veraison/verification", ex -> {
            byte[] b = doc.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/.well-known/veraison/verification");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        s.start();
        try {
            String base = "http://127.0.0.1:" + s.getAddress().getPort();
            TokenKeys keys = VeraisonKeys.fetch(URI.create(base + "/.well-known/veraison/verification"),
                    Duration.ofSeconds(5));
            VerifiedToken t = TokenVerifier.builder(keys)
                    .clock(Clock.fixed(Instant.ofEpochSecond(1706023979L), ZoneOffset.UTC)).build()
                    .verify(Vectors.text("veraison/veraison-ear-psa.jwt"));
            assertEquals(Map.of("PSA_IOT", "affirming"), t.submodStatuses());
            // A redirect is not followed: the key comes from the configured URL or not at all.
            assertThrows(CollateralUnavailableException.class,
                    () -> VeraisonKeys.fetch(URI.create(base + "/moved"), Duration.ofSeconds(5)));
        } finally {
            s.stop(0);
        }
        assertThrows(IllegalArgumentException.class,
                () -> VeraisonKeys.fetch(URI.create("http://veraison.example/.well-known/veraison/verification"),
                        Duration.ofSeconds(1)));
    }
}
