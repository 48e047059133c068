package io.tee4j.coco.aa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.testing.AaApiFake;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The coco-aa attester and the API client against the loopback fake of the guest-components REST API. */
class CocoAaAttesterTest {
    static AaApiClient client(AaApiFake fake) {
        return AaApiClient.at(fake.uri(), Duration.ofSeconds(5));
    }

    @Test
    void evidenceCarriesTheRuntimeDataBase64urlEncoded() throws Exception {
        try (AaApiFake fake = new AaApiFake("all")) {
            byte[] reportData = new byte[64];
            reportData[0] = (byte) 0xfb; // base64url '-'/'_' territory: must not be sent as standard base64
            reportData[63] = (byte) 0xff;
            Evidence e = new CocoAaAttester(client(fake)).attest(reportData);
            assertEquals(TeeType.COCO_AA, e.type());
            Map<String, Object> json = Json.object(Json.parse(e.raw()), "evidence");
            assertArrayEquals(reportData, Base64.getDecoder().decode((String) json.get("report_data")));
        }
    }

    @Test
    void infoTokenAndResource() throws Exception {
        try (AaApiFake fake = new AaApiFake("all")) {
            AaApiClient c = client(fake);
            AaInfo info = c.info();
            assertTrue(info.attestationEnabled() && info.resourceEnabled());
            assertEquals("sample", info.tee().orElseThrow());
            assertEquals(fake.token, c.token("kbs").token());
            assertFalse(c.token("kbs").toString().contains("PRIVATE"));
            fake.resources.put("default/key/db", new byte[] {1, 2, 3});
            try (SecretBytes s = c.resource("default", "key", "db", SecretAccess.INSECURE)) {
                assertEquals(3, s.size());
            }
            // The API is there but the CDH could not get the resource from its KBS: unavailable (3), not "no TEE".
            CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                    () -> c.resource("default", "key", "missing", SecretAccess.INSECURE));
            assertTrue(e.getMessage().contains("kbs returned 404"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.resource("..", "key", "db", SecretAccess.INSECURE));
        }
    }

    @Test
    void resourceOnlyPodSaysWhichKernelParameterEnablesAttestation() throws Exception {
        try (AaApiFake fake = new AaApiFake("resource")) {
            TeeUnavailableException e = assertThrows(TeeUnavailableException.class,
                    () -> new CocoAaAttester(client(fake)).attest(new byte[] {1}));
            assertTrue(e.getMessage().contains("agent.guest_components_rest_api=all"), e.getMessage());
            assertFalse(client(fake).info().attestationEnabled());
        }
    }

    @Test
    void noApiIsATeeUnavailableAndOnlyLoopbackIsAccepted() throws Exception {
        URI gone;
        try (AaApiFake fake = new AaApiFake("all")) {
            gone = fake.uri();
        }
        AaApiClient c = AaApiClient.at(gone, Duration.ofSeconds(2));
        TeeUnavailableException e = assertThrows(TeeUnavailableException.class, c::info);
        assertTrue(e.getMessage().contains("not inside a CoCo pod"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AaApiClient.at(URI.create("http://192.0.2.1:8006"), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> AaApiClient.at(URI.create("https://127.0.0.1:8006"), Duration.ofSeconds(1)));
    }

    @Test
    void theProviderIsRegistered() {
        boolean found = false;
        for (io.tee4j.core.AttesterProvider p : ServiceLoader.load(io.tee4j.core.AttesterProvider.class)) {
            found |= p.type() == TeeType.COCO_AA;
        }
        assertTrue(found);
    }

    @Test
    void anApiThatDoesNotAnswerInTimeIsUnavailableNotNoTee() throws Exception {
        com.sun.net.httpserver.HttpServer slow = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 2);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        slow.createContext("/", ex -> {
            try {
                release.await(); // the data hub still waiting for its KBS
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        slow.start();
        try {
            AaApiClient c = AaApiClient.at(URI.create("http://127.0.0.1:" + slow.getAddress().getPort()),
                    Duration.ofMillis(500));
            assertThrows(CollateralUnavailableException.class, () -> c.resource(CdhResourceUri.parse(
                    "kbs:///default/key/db"), SecretAccess.INSECURE));
        } finally {
            release.countDown();
            slow.stop(0);
        }
    }
}
