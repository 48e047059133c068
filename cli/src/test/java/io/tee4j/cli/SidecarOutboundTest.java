package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralDirectory;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.collateral.KdsUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the sidecar connects, seen from a loopback listener that every outbound request of the
 * sidecar is sent to as its HTTP proxy (so an HTTPS fetch shows up as {@code CONNECT host:port}):
 * a request with its own trust roots makes no connection at all, even when its certificates name
 * a responder (issue 14 item 7: the sidecar was an SSRF and port-scan tool); a request under the
 * bundled roots reaches the vendor host only; and what the client is told is the same fixed text
 * whether the connection was refused or answered with an error, with no host, port or cause.
 */
class SidecarOutboundTest {
    @TempDir
    Path dir;

    /** A loopback "proxy" that records each request line and then fails it (closes or answers 502). */
    static final class RecordingProxy implements AutoCloseable {
        final ServerSocket socket;
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        RecordingProxy(boolean answer502) throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> acceptLoop(answer502), "recording-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop(boolean answer502) {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(2_000);
                    requestLines.add(readLine(s.getInputStream()));
                    if (answer502) {
                        OutputStream out = s.getOutputStream();
                        out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (SocketTimeoutException | SocketException e) {
                    // a client that sent nothing, or the listener closing
                } catch (IOException e) {
                    return;
                }
            }
        }

        ProxySelector selector() {
            return ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n' && b.length() < 512; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private Sidecar online(ProxySelector proxy, Simulators sims) throws IOException {
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 2, 4, null,
                false, false, List.of(), Map.of(), Clock.systemUTC(),
                type -> sims.attester(type == null ? TeeType.SEV_SNP : type), proxy, dir.resolve("cache"));
        Sidecar sidecar = new Sidecar(config);
        sidecar.start();
        return sidecar;
    }

    @Test
    void clientTrustRootsMeanNoOutboundConnectionEvenWithAResponderInTheChain() throws Exception {
        Simulators sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
        // The simulated GPU chain names an OCSP responder in its AIA, as a self-made chain would
        // name any host:port; its RIMs would be fetched from NVIDIA's service.
        Evidence gpu = sims.attester(TeeType.NVIDIA_GPU).attest(new byte[32]);
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("tee", "nvidia-gpu");
        req.put("evidence", SidecarLoadTest.b64(gpu.raw()));
        gpu.certificates().forEach(c -> req.withArray("certificates").add(SidecarLoadTest.b64(c)));
        req.putArray("trustRoots").add(SidecarLoadTest.b64(
                Files.readAllBytes(Simulators.rootFile(dir.resolve("sim"), TeeType.NVIDIA_GPU))));
        try (RecordingProxy proxy = new RecordingProxy(true); Sidecar sidecar = online(proxy.selector(), sims)) {
            JsonNode reply = SidecarLoadTest.json(SidecarLoadTest.post(sidecar, "/v1/verify",
                    Json.MAPPER.writeValueAsString(req), null));
            assertFalse(reply.path("verified").asBoolean(true), reply.toString());
            assertEquals(List.of(), proxy.requestLines, "the sidecar connected out for a client-rooted chain");
            String error = reply.path("error").asText();
            assertTrue(error.contains("trustRoots are verified offline"), error);
            assertFalse(error.contains("tee4j.invalid") || error.contains("nvidia.com"), error);
            // Past revocation the GPU verifier wants its RIMs from NVIDIA's service, a vendor host:
            // still nothing is fetched for a chain the sidecar does not anchor.
            req.put("noRevocationCheck", true);
            reply = SidecarLoadTest.json(SidecarLoadTest.post(sidecar, "/v1/verify", Json.MAPPER.writeValueAsString(req),
                    null));
            assertFalse(reply.path("verified").asBoolean(true), reply.toString());
            assertEquals(List.of(), proxy.requestLines, "the sidecar fetched for a client-rooted chain");
        }
    }

    /**
     * Issue 15: one cache for the life of the process. The VCEK is found in the disk cache by the
     * first request; with the file gone, the second request is still answered from the sidecar's
     * memory, with no connection attempt (a source built per request would have gone to AMD).
     */
    @Test
    void oneCollateralCacheServesEveryRequest() throws Exception {
        Simulators sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
        byte[] report = DemoSamples.resource("snp/genoa-report.bin");
        AttestationReport parsed = AttestationReport.parse(report);
        String vcekUrl = KdsUrls.amd().vcek(parsed.productLine().orElseThrow(), parsed.chipId(), parsed.reportedTcb())
                .toString();
        CollateralDirectory cache = CollateralDirectory.at(dir.resolve("cache"));
        cache.put(vcekUrl, CollateralKind.CERTIFICATE, DemoSamples.resource("snp/genoa-vcek.der"));
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("tee", "sev-snp");
        req.put("evidence", SidecarLoadTest.b64(report));
        req.put("at", "2025-09-01T00:00:00Z");
        req.put("noRevocationCheck", true);
        String body = Json.MAPPER.writeValueAsString(req);
        try (RecordingProxy proxy = new RecordingProxy(true); Sidecar sidecar = online(proxy.selector(), sims)) {
            JsonNode first = SidecarLoadTest.json(SidecarLoadTest.post(sidecar, "/v1/verify", body, null));
            assertTrue(first.path("verified").asBoolean(), first.toString());
            Files.delete(cache.bodyFile(vcekUrl));
            Files.deleteIfExists(cache.metadataFile(vcekUrl));
            JsonNode second = SidecarLoadTest.json(SidecarLoadTest.post(sidecar, "/v1/verify", body, null));
            assertTrue(second.path("verified").asBoolean(), second.toString());
            assertEquals(List.of(), proxy.requestLines);
        }
    }

    @Test
    void vendorFetchesGoToTheVendorHostAndFailuresTellNothingAboutTheConnection() throws Exception {
        Simulators sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("tee", "sev-snp");
        req.put("evidence", SidecarLoadTest.b64(DemoSamples.resource("snp/genoa-report.bin")));
        req.put("at", "2025-09-01T00:00:00Z");
        req.put("noRevocationCheck", true);
        String body = Json.MAPPER.writeValueAsString(req);
        String answered;
        try (RecordingProxy proxy = new RecordingProxy(true); Sidecar sidecar = online(proxy.selector(), sims)) {
            var r = SidecarLoadTest.post(sidecar, "/v1/verify", body, null);
            assertEquals(503, r.statusCode(), r.body());
            answered = SidecarLoadTest.json(r).path("error").asText();
            assertFalse(proxy.requestLines.isEmpty(), "the VCEK fetch went out");
            for (String line : proxy.requestLines) {
                assertTrue(line.startsWith("CONNECT kdsintf.amd.com:443 "), line);
            }
        }
        String refused;
        RecordingProxy gone = new RecordingProxy(false);
        ProxySelector closedPort = gone.selector();
        gone.close();
        try (Sidecar sidecar = online(closedPort, sims)) {
            var r = SidecarLoadTest.post(sidecar, "/v1/verify", body, null);
            assertEquals(503, r.statusCode(), r.body());
            refused = SidecarLoadTest.json(r).path("error").asText();
        }
        assertEquals(answered, refused, "a refused connection and a 502 must read the same to the client");
        String lower = answered.toLowerCase(Locale.ROOT);
        for (String leak : List.of("kdsintf", "127.0.0.1", "refused", "502", "proxy", "tunnel", "timed out",
                "exception", "attempt", dir.toString().toLowerCase(Locale.ROOT))) {
            assertFalse(lower.contains(leak), "the client is told '" + leak + "': " + answered);
        }
        assertTrue(answered.startsWith("collateral this evidence needs is not available"), answered);
    }
}
