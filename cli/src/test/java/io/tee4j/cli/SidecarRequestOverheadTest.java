package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a warm {@code /v1/verify} request costs beyond its verification (issue 15, sidecar warm
 * throughput), each cut checked to answer exactly as before: the reply written compact (the same
 * tree), a body of declared length read into one array of that length, PEM blocks counted
 * without a text copy of the entry, a result's claims built once per reply.
 */
class SidecarRequestOverheadTest {
    @TempDir
    Path dir;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static String snpRequest() throws Exception {
        return SidecarLoadTest.genoaSnpRequest();
    }

    @Test
    void theReplyOnTheWireIsCompactJsonOfTheSameTreeOnBothTransports() throws Exception {
        byte[] request = snpRequest().getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        for (Sidecar.Transport transport : Sidecar.Transport.values()) {
            Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 2, 4, null, true,
                    false, List.of(), Map.of(), Clock.systemUTC(), type -> null, null, dir.resolve("cache"));
            try (Sidecar sidecar = new Sidecar(config, null, transport)) {
                sidecar.start();
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sidecar.port() + "/v1/verify"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertEquals(200, r.statusCode(), transport + ": " + body);
                assertFalse(body.contains("\n") || body.contains("\" : "), transport + ": not compact: " + body);
                JsonNode wire = Json.readStrict(r.body());
                assertTrue(wire.path("verified").asBoolean(), body);
                // The same fields and values as the indented form (both read back; number node types aside).
                JsonNode inProcess = sidecar.verifyReply(request).body();
                assertEquals(Json.readStrict(Json.writeBytes(inProcess)), wire, transport.toString());
                assertArrayEquals(MapperCompactJson.bytes(inProcess), r.body(), transport.toString());
                // Errors are compact too, with the same fields.
                HttpResponse<byte[]> bad = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sidecar.port() + "/v1/verify"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tee\":\"sev-snp\"}")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(400, bad.statusCode());
                assertFalse(new String(bad.body(), StandardCharsets.UTF_8).contains("\n"));
                assertEquals("$.evidence: required", Json.readStrict(bad.body()).path("error").path("message").asText());
            }
        }
    }

    @Test
    void aBodyOfDeclaredLengthIsReadIntoOneArrayOfThatLength() throws Exception {
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) 'x');
        int cap = 4 << 20;
        SidecarHttp.readBody(new ByteArrayInputStream(body), Integer.toString(body.length), cap); // warm
        long before = THREADS.getCurrentThreadAllocatedBytes();
        byte[] read = SidecarHttp.readBody(new ByteArrayInputStream(body), Integer.toString(body.length), cap);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertArrayEquals(body, read);
        // The capped read kept 8 KiB pieces and then copied them whole: twice the body at least.
        assertTrue(allocated < body.length + (64 << 10), "allocated " + allocated + " for " + body.length);
    }

    @Test
    void aBodyOfDeclaredLengthReadsAsTheCappedReadDid() throws Exception {
        byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(ten, SidecarHttp.readBody(new ByteArrayInputStream(ten), "10", 10));
        assertArrayEquals(ten, SidecarHttp.readBody(new ByteArrayInputStream(ten), " 10 ", 64));
        assertArrayEquals(ten, SidecarHttp.readBody(new ByteArrayInputStream(ten), null, 10));
        assertArrayEquals(new byte[0], SidecarHttp.readBody(new ByteArrayInputStream(new byte[0]), "0", 10));
        // A stream that ends early gives what came.
        assertArrayEquals(Arrays.copyOf(ten, 4), SidecarHttp.readBody(new ByteArrayInputStream(ten, 0, 4), "10", 64));
        // A stream that goes on past its declared length is still held to the cap, and kept whole under it.
        assertArrayEquals(ten, SidecarHttp.readBody(new ByteArrayInputStream(ten), "4", 10));
        assertEquals(413, assertThrows(BadRequest.class,
                () -> SidecarHttp.readBody(new ByteArrayInputStream(ten), "4", 9)).status);
        assertEquals(413, assertThrows(BadRequest.class,
                () -> SidecarHttp.readBody(new ByteArrayInputStream(ten), "9", 9)).status);
        assertEquals(413, assertThrows(BadRequest.class,
                () -> SidecarHttp.readBody(new ByteArrayInputStream(ten), "11", 10)).status);
        assertEquals(413, assertThrows(BadRequest.class,
                () -> SidecarHttp.readBody(new ByteArrayInputStream(ten), null, 9)).status);
        assertEquals(400, assertThrows(BadRequest.class,
                () -> SidecarHttp.readBody(new ByteArrayInputStream(ten), "ten", 64)).status);
    }

    @Test
    void pemBlocksAreCountedWithoutACopyOfTheEntryAndAsIsPemDecides() throws IOException {
        String block = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        byte[] big = (" ".repeat(60_000) + block + block).getBytes(StandardCharsets.US_ASCII);
        CertificateBudget.count(big); // warm
        long before = THREADS.getCurrentThreadAllocatedBytes();
        int n = CertificateBudget.count(big);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(2, n);
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes to count a " + big.length + "-byte entry");
        // The marker's first byte at the edge of isPem's 64 KiB window, one byte in and one byte out of it.
        int window = CertificateBudget.PEM_WINDOW;
        for (int pad : List.of(0, 1, window - 12, window - 11, window - 10, window - 1, window)) {
            byte[] entry = (" ".repeat(pad) + block + block + block).getBytes(StandardCharsets.US_ASCII);
            int expected = Certificates.isPem(entry) ? 3 : 1;
            assertEquals(expected, CertificateBudget.count(entry), "marker at " + pad);
        }
        assertEquals(1, CertificateBudget.count(new byte[] {0x30, (byte) 0x82, 0x01}));
        assertEquals(1, CertificateBudget.count(new byte[0]));
        assertEquals(1, CertificateBudget.count("----BEGIN X".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(CertificateBudget.MAX_CERTIFICATES + 1,
                CertificateBudget.count(block.repeat(40).getBytes(StandardCharsets.US_ASCII)));
        // Non-ASCII bytes around the marker change nothing (isPem reads them as replacement characters).
        byte[] latin = ("\u00e9-----BEGIN X-----\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(Certificates.isPem(latin));
        assertEquals(1, CertificateBudget.count(latin));
    }

    @Test
    void aSuccessReplyAndItsEarAskTheResultForItsClaimsOnce() throws Exception {
        PreparedVerifier verifier = Backends.all().get(TeeType.SEV_SNP).prepare(VerifierConfiguration.builder()
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build());
        AttestationResult real = verifier.verify(Evidence.of(TeeType.SEV_SNP, DemoSamples.resource("snp/genoa-report.bin")),
                PerCallInputs.builder().addCertificate(DemoSamples.resource("snp/genoa-vcek.der"))
                        .clock(Clock.fixed(Instant.parse("2025-09-01T00:00:00Z"), ZoneOffset.UTC)).build());
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        AttestationResult counted = (AttestationResult) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AttestationResult.class}, (proxy, method, args) -> {
                    calls.merge(method.getName(), 1, Integer::sum);
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        JsonNode reply = ResultJson.success(counted);
        // SEV-SNP builds its claims anew on every call: the reply asked three times, common claims twice.
        assertEquals(1, calls.get("claims"), calls.toString());
        assertEquals(1, calls.get("commonClaims"), calls.toString());
        assertEquals(ResultJson.success(real), reply);
        assertTrue(reply.path("verified").asBoolean());
        // The EAR form ("format": "ear") likewise: it asked for each twice.
        calls.clear();
        byte[] raw = DemoSamples.resource("snp/genoa-report.bin");
        Instant now = Instant.parse("2025-09-01T00:00:00Z");
        JsonNode ear = Ear.fromResult(counted, raw, now);
        assertEquals(1, calls.get("claims"), calls.toString());
        assertEquals(1, calls.get("commonClaims"), calls.toString());
        assertEquals(Ear.fromResult(real, raw, now), ear);
    }
}
