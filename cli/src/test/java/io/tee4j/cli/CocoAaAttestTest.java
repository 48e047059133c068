package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tee4j attest --tee coco-aa} and {@code --tee auto} inside a (fake, loopback) CoCo pod:
 * the attestation agent's API found from {@code /info} (its URL from {@code TEE4J_COCO_AA_URL}),
 * and the kernel parameter named when the pod serves only {@code resource}.
 */
class CocoAaAttestTest {
    @TempDir
    Path dir;

    static HttpServer fakeAgent(String feature) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        s.createContext("/info", ex -> {
            byte[] b = ("{\"version\":\"v0.1.0\",\"tee\":\"tdx\",\"feature\":\"" + feature + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.createContext("/aa/evidence", ex -> {
            byte[] b = ("{\"quote\":\"AAAA\",\"query\":\"" + ex.getRequestURI().getRawQuery() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    Cli.Result attest(HttpServer agent, String tee) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Cli.java(), "-XX:TieredStopAtLevel=1", "-cp", Cli.classPath(),
                Main.class.getName(), "attest", "--tee", tee, "--report-data", "00ff", "--out", "ev.json"));
        return Cli.exec(cmd, dir, Map.of("TEE4J_COCO_AA_URL", "http://127.0.0.1:" + agent.getAddress().getPort()),
                Duration.ofSeconds(60));
    }

    @Test
    void attestsThroughTheAgentAndIsAutoDetected() throws Exception {
        HttpServer agent = fakeAgent("all");
        try {
            for (String tee : List.of("coco-aa", "auto")) {
                Cli.Result r = attest(agent, tee);
                assertEquals(0, r.rc(), tee + ": " + r.err());
                String evidence = Files.readString(dir.resolve("ev.json"));
                assertTrue(evidence.contains("runtime_data=AP8&encoding=base64"), evidence);
                Files.delete(dir.resolve("ev.json"));
            }
        } finally {
            agent.stop(0);
        }
    }

    @Test
    void aResourceOnlyPodIsExit7WithTheKernelParameter() throws Exception {
        HttpServer agent = fakeAgent("resource");
        try {
            Cli.Result r = attest(agent, "coco-aa");
            assertEquals(7, r.rc(), r.err());
            assertTrue(r.err().contains("agent.guest_components_rest_api=all"), r.err());
        } finally {
            agent.stop(0);
        }
    }
}
