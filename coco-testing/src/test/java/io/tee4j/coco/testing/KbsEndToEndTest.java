package io.tee4j.coco.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.jwe.ResponseDecryptor;
import io.tee4j.coco.jwe.TeeKeyAlgorithm;
import io.tee4j.coco.jwe.TeeKeyPair;
import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.kbs.KbsException;
import io.tee4j.coco.kbs.KbsSession;
import io.tee4j.core.FailureClass;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.VerificationFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The KBS client against the fake KBS on loopback, with a simulated SNP pod. */
class KbsEndToEndTest {
    private static final byte[] SECRET = "the pod's disk key".getBytes(StandardCharsets.UTF_8);
    private static final String PATH = "default/key/disk";

    private static FakeKbs.Builder kbs() throws Exception {
        return FakeKbs.builder(SnpPod.appraiser()).resource(PATH, SECRET);
    }

    private static KbsClient client(FakeKbs kbs, TeeKeyAlgorithm alg) {
        return KbsClient.builder(kbs.uri(), SnpPod.attester()).keyAlgorithm(alg).build();
    }

    @Test
    void simulatedSnpPodGetsItsSecretWithEveryKeyAlgorithm() throws Exception {
        try (FakeKbs kbs = kbs().start()) {
            for (TeeKeyAlgorithm alg : TeeKeyAlgorithm.values()) {
                KbsClient c = client(kbs, alg);
                try (SecretBytes s = c.getResource("default", "key", "disk")) {
                    assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE), alg.name());
                }
                assertEquals(3, c.attestationToken().split("\\.").length);
            }
        }
    }

    @Test
    void evidenceBindingAnotherNonceIsRefusedByTheKbs() throws Exception {
        try (FakeKbs kbs = kbs().start()) {
            KbsClient liar = KbsClient.builder(kbs.uri(), SnpPod.attester(rd -> {
                byte[] other = rd.clone();
                other[0] ^= 1;
                return other;
            })).build();
            KbsException e = assertThrows(KbsException.class, liar::attest);
            assertEquals(401, e.status());
            assertEquals("AttestationError", e.errorType().orElseThrow());
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
            assertTrue(e.getMessage().contains("report data"), e.getMessage());
        }
    }

    @Test
    void aRuntimeDataNonceOtherThanTheChallengeIsRefused() throws Exception {
        try (FakeKbs kbs = kbs().start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> auth = http.send(HttpRequest.newBuilder(kbs.uri().resolve("kbs/v0/auth"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"0.4.0\",\"tee\":\"snp\",\"extra-params\":\"\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, auth.statusCode());
            assertTrue(auth.body().contains("\"extra-params\":\"\""), auth.body());
            String cookie = auth.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            String wrongNonce = "{\"runtime-data\":{\"nonce\":\"E6O147SgryAB7vLJf9tT5YSYi9Ojp8U51UQydq/slsY=\","
                    + "\"tee-pubkey\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\","
                    + "\"x\":\"1m8gQwfXbT25FHSBlPlhbutReHSf8yEZcL1lNAzHLH8\",\"y\":\"Pdb6YCW7Ez5d37i2wYZBZxQKsRm5LlSbWIy5a5V7nXc\"}},"
                    + "\"tee-evidence\":{\"primary_evidence\":{},\"additional_evidence\":\"\"}}";
            HttpResponse<String> attest = http.send(HttpRequest.newBuilder(kbs.uri().resolve("kbs/v0/attest"))
                    .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString(wrongNonce)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, attest.statusCode());
            assertTrue(attest.body().contains("errors/AttestationError") && attest.body().contains("nonce"), attest.body());
        }
    }

    @Test
    void aProtocolVersionOtherThan040IsRefused() throws Exception {
        try (FakeKbs kbs = kbs().start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(kbs.uri().resolve("kbs/v0/auth"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"0.1.1\",\"tee\":\"snp\",\"extra-params\":\"\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("Version Mismatch"), r.body());
        }
    }

    @Test
    void aTamperedEncryptedResponseFailsVerification() throws Exception {
        try (FakeKbs kbs = kbs().responseFilter(body -> {
            String s = new String(body, StandardCharsets.UTF_8);
            int at = s.indexOf("\"ciphertext\":\"") + 14;
            char c = s.charAt(at);
            return (s.substring(0, at) + (c == 'A' ? 'B' : 'A') + s.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
        }).start()) {
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> client(kbs, TeeKeyAlgorithm.ECDH_ES_A256KW_P256).getResource("default", "key", "disk"));
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
        }
    }

    @Test
    void aReplayedCookieYieldsNothingTheReplayerCanReadAndDiesWithTheSession() throws Exception {
        MutableClock clock = new MutableClock();
        try (FakeKbs kbs = kbs().clock(clock).start()) {
            KbsClient pod = client(kbs, TeeKeyAlgorithm.ECDH_ES_A256KW_P256);
            KbsSession session = pod.attest();
            String cookie = cookieOf(kbs, pod);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest replay = HttpRequest.newBuilder(kbs.uri().resolve("kbs/v0/resource/" + PATH))
                    .header("Cookie", "kbs-session-id=" + cookie).GET().build();
            HttpResponse<byte[]> stolen = http.send(replay, HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, stolen.statusCode());
            // Encrypted to the pod's attested key: the replayer's own key cannot open it.
            TeeKeyPair attacker = TeeKeyPair.generate(TeeKeyAlgorithm.ECDH_ES_A256KW_P256);
            assertThrows(VerificationFailedException.class, () -> ResponseDecryptor.decrypt(stolen.body(), attacker));
            assertNotEquals(attacker.publicJwk(), session.teeKey().publicJwk());
            clock.advance(Duration.ofMinutes(6));
            HttpResponse<String> late = http.send(replay, HttpResponse.BodyHandlers.ofString());
            assertEquals(401, late.statusCode());
            assertTrue(late.body().contains("TokenNotFound"), late.body());
            // The pod itself re-attests once and carries on.
            try (SecretBytes s = pod.getResource("default", "key", "disk")) {
                assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE));
            }
        }
    }

    @Test
    void policyDenyIsAPolicyViolationAndAMissingResourceIsUnavailable() throws Exception {
        ResourcePolicy onlyTdx = new ResourcePolicy(List.of(new ResourcePolicy.Rule("*/*/*",
                Set.of(io.tee4j.core.TeeType.TDX))));
        try (FakeKbs kbs = kbs().policy(onlyTdx).start()) {
            KbsException e = assertThrows(KbsException.class,
                    () -> client(kbs, TeeKeyAlgorithm.ECDH_ES_A256KW_P256).getResource("default", "key", "disk"));
            assertEquals(401, e.status());
            assertEquals("PolicyDeny", e.errorType().orElseThrow());
            assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        }
        try (FakeKbs kbs = kbs().start()) {
            KbsException e = assertThrows(KbsException.class,
                    () -> client(kbs, TeeKeyAlgorithm.ECDH_ES_A256KW_P256).getResource("default", "key", "other"));
            assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
        }
    }

    @Test
    void anUnreachableKbsIsRetriedThenCollateralUnavailable() throws Exception {
        int[] sleeps = {0};
        KbsClient c = KbsClient.builder(URI.create("http://127.0.0.1:1/"), SnpPod.attester())
                .retries(3, Duration.ofMillis(1), d -> sleeps[0]++).build();
        KbsException e = assertThrows(KbsException.class, c::attest);
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
        assertEquals(2, sleeps[0]);
    }

    private static String cookieOf(FakeKbs kbs, KbsClient pod) throws Exception {
        java.lang.reflect.Method m = KbsSession.class.getDeclaredMethod("cookie");
        m.setAccessible(true);
        java.lang.reflect.Field f = KbsClient.class.getDeclaredField("session");
        f.setAccessible(true);
        return (String) m.invoke(f.get(pod));
    }
}
