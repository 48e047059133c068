package io.tee4j.coco.kbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.TeeType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The client against KBS answers a hostile or broken server could give. */
class KbsClientHostileTest {
    private static final Attester NEVER = new Attester() {
        @Override
        public TeeType type() {
            return TeeType.SEV_SNP;
        }

        @Override
        public Evidence attest(byte[] reportData) {
            throw new AssertionError("no evidence may be produced for a broken challenge");
        }
    };

    private static AttestationException against(int status, byte[] body, String setCookie, AtomicInteger calls) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", ex -> {
            calls.incrementAndGet();
            if (setCookie != null) {
                ex.getResponseHeaders().add("Set-Cookie", setCookie);
            }
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            KbsClient c = KbsClient.builder(uri, NEVER).retries(3, Duration.ofMillis(1), d -> { }).build();
            return assertThrows(AttestationException.class, c::attest);
        } finally {
            server.stop(0);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anHttpErrorIsNeverRetriedAndIsTypedByItsVariant() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        KbsException e = (KbsException) against(500, utf8("oops"), null, calls);
        assertEquals(1, calls.get());
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
        e = (KbsException) against(401, utf8("{\"type\":\"https://github.com/confidential-containers/kbs/errors/"
                + "PolicyDeny\",\"detail\":\"no\\u0007\"}"), null, new AtomicInteger());
        assertEquals(Optional.of("PolicyDeny"), e.errorType());
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        assertTrue(e.getMessage().endsWith("no?"), e.getMessage());
        e = (KbsException) against(401, utf8("{\"type\":\"https://evil.example/errors/PolicyDeny\"}"), null,
                new AtomicInteger());
        assertEquals(Optional.empty(), e.errorType());
        assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
    }

    @Test
    void brokenChallengesAreMalformedBeforeAnyEvidenceIsMade() throws Exception {
        String cookie = "kbs-session-id=0123456789abcdef0123456789abcdef; Expires=Thu, 01 Jan 2099 00:00:00 GMT";
        for (String body : List.of("{}", "{\"nonce\":\"\"}", "[]", "{\"nonce\":\"a\",\"extra-params\":"
                + "{\"selected-hash-algorithm\":\"md5\"}}")) {
            AttestationException e = against(200, utf8(body), cookie, new AtomicInteger());
            assertEquals(FailureClass.MALFORMED_EVIDENCE, e.failureClass(), body);
        }
        assertEquals(FailureClass.MALFORMED_EVIDENCE, against(200, utf8("{\"nonce\":\"a\"}"), null,
                new AtomicInteger()).failureClass(), "no session cookie");
        assertEquals(FailureClass.MALFORMED_EVIDENCE, against(200, new byte[KbsBodies.MAX_BYTES + 10], cookie,
                new AtomicInteger()).failureClass(), "oversized answer");
    }

    @Test
    void onlyTheSessionCookieIsTaken() {
        assertEquals(Optional.of("abc"), KbsHttp.cookie(List.of("other=x", "kbs-session-id=abc; Expires=never")));
        assertEquals(Optional.empty(), KbsHttp.cookie(List.of("xkbs-session-id=abc", "kbs-session-id=a b")));
        assertThrows(IllegalArgumentException.class, () -> KbsClient.builder(URI.create("file:///etc"), NEVER));
        // Cookie and token in clear text: plain http only to loopback, named by text, not by a resolution.
        assertThrows(IllegalArgumentException.class, () -> KbsClient.builder(URI.create("http://kbs.example:8080"), NEVER));
        assertThrows(IllegalArgumentException.class, () -> KbsClient.builder(URI.create("http://10.0.0.7:8080"), NEVER));
        assertThrows(IllegalArgumentException.class,
                () -> KbsClient.builder(URI.create("https://kbs.example:8080/?x=1"), NEVER));
        KbsClient.builder(URI.create("http://127.0.0.1:8080"), NEVER);
        KbsClient.builder(URI.create("http://[::1]:8080"), NEVER);
        KbsClient.builder(URI.create("https://kbs.example:8080"), NEVER);
        Consumer<String> bad = s -> assertThrows(IllegalArgumentException.class,
                () -> KbsClient.builder(URI.create("http://127.0.0.1:1"), NEVER).build().getResource(s, "t", "x"));
        bad.accept("..");
        bad.accept("a/b");
        bad.accept("");
    }
}
