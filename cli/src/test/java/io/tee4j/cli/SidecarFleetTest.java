package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.collateral.CollateralEndpoints;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.collateral.KdsUrls;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar in a fleet (issue 22): pointed at a KDS mirror by configuration, it fetches there
 * with AMD's path layout (and nowhere else); {@code GET /metrics} is Prometheus text format,
 * parsed line by line here, and counts verifications by TEE and result, collateral cache hits and
 * misses, network fetches and a latency histogram.
 */
class SidecarFleetTest {
    static {
        // Before any test server starts: the JDK reads its server settings once per process.
        JdkHttpServerSettings.apply();
    }

    /** A sample line of the text exposition format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*="
                    + "\"(?:[^\"\\\\\\n]|\\\\.)*\")*)\\})? (-?[0-9.eE+-]+|\\+Inf|NaN)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");

    @TempDir
    Path dir;

    private static String snpRequest() throws Exception {
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("tee", "sev-snp");
        req.put("evidence", SidecarLoadTest.b64(DemoSamples.resource("snp/genoa-report.bin")));
        req.put("at", "2025-09-01T00:00:00Z");
        req.put("noRevocationCheck", true);
        return Json.MAPPER.writeValueAsString(req);
    }

    @Test
    void aConfiguredKdsMirrorIsUsedAndMetricsCountWhatHappened() throws Exception {
        AttestationReport parsed = AttestationReport.parse(DemoSamples.resource("snp/genoa-report.bin"));
        String vcekPath = KdsUrls.amd().vcek(parsed.productLine().orElseThrow(), parsed.chipId(), parsed.reportedTcb())
                .getPath();
        try (FaultyHttpServer mirror = FaultyHttpServer.start()) {
            mirror.route("/kds" + vcekPath, Reply.ok(DemoSamples.resource("snp/genoa-vcek.der")));
            CollateralSettings services = new CollateralSettings(CollateralEndpoints.builder()
                    .kds(mirror.uri("/kds")).build(), List.of(), List.of(), null);
            Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 2, 4, null,
                    false, false, List.of(), Map.of(), Clock.systemUTC(), type -> null, null, dir.resolve("cache"),
                    services);
            try (Sidecar sidecar = new Sidecar(config)) {
                sidecar.start();
                String body = snpRequest();
                for (int i = 0; i < 3; i++) {
                    JsonNode r = SidecarLoadTest.json(SidecarLoadTest.post(sidecar, "/v1/verify", body, null));
                    assertTrue(r.path("verified").asBoolean(), r.toString());
                }
                assertEquals(1, mirror.requestCount("/kds" + vcekPath), "fetched once from the mirror, then cached");
                assertEquals(400, SidecarLoadTest.post(sidecar, "/v1/verify", "{", null).statusCode());

                HttpResponse<String> scrape = SidecarLoadTest.HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sidecar.port() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode());
                assertTrue(scrape.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
                Map<String, Double> samples = parse(scrape.body());
                assertEquals(3.0, samples.get("tee4j_verifications_total{tee=\"sev-snp\",result=\"ok\"}"), samples.toString());
                assertEquals(1.0, samples.get("tee4j_verifications_total{tee=\"unknown\",result=\"bad_request\"}"));
                assertEquals(1.0, samples.get("tee4j_collateral_fetches_total{host=\"kdsintf.amd.com\",result=\"ok\"}"),
                        "counted under the vendor host the mirror stands in for");
                assertEquals(1.0, samples.get("tee4j_collateral_requests_total{result=\"miss\"}"));
                assertEquals(2.0, samples.get("tee4j_collateral_requests_total{result=\"hit\"}"));
                assertEquals(3.0, samples.get("tee4j_verification_duration_seconds_count{tee=\"sev-snp\"}"));
                assertEquals(3.0, samples.get("tee4j_verification_duration_seconds_bucket{tee=\"sev-snp\",le=\"+Inf\"}"));
                assertTrue(samples.get("tee4j_verification_duration_seconds_sum{tee=\"sev-snp\"}") > 0);

                HttpResponse<String> post = SidecarLoadTest.post(sidecar, "/metrics", "", null);
                assertEquals(405, post.statusCode());
            }
        }
    }

    /**
     * Parses the text format strictly: every line a HELP/TYPE comment or a sample; each sample's
     * metric family declared by a TYPE line before it; histogram buckets cumulative and ending in
     * {@code +Inf} equal to {@code _count}. Returns the samples by name and labels.
     */
    static Map<String, Double> parse(String text) {
        assertTrue(text.endsWith("\n"), "the exposition ends with a newline");
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, Double> lastBucket = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher c = COMMENT.matcher(line);
            if (c.matches()) {
                if (c.group(1).equals("TYPE")) {
                    String type = line.substring(line.lastIndexOf(' ') + 1);
                    assertTrue(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(type), line);
                    assertFalse(types.containsKey(c.group(2)), "one TYPE per family: " + line);
                    types.put(c.group(2), type);
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            String name = m.group(1);
            String family = types.containsKey(name) ? name : name.replaceAll("_(bucket|sum|count)$", "");
            assertTrue(types.containsKey(family), "sample before its TYPE: " + line);
            double v = m.group(4).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(4));
            assertTrue(v >= 0, line);
            String key = name + (m.group(2) == null ? "" : m.group(2));
            assertFalse(samples.containsKey(key), "duplicate series: " + line);
            samples.put(key, v);
            if (name.endsWith("_bucket")) {
                String series = family + m.group(3).replaceAll(",?le=\"[^\"]*\"", "");
                Double previous = lastBucket.put(series, v);
                assertTrue(previous == null || previous <= v, "buckets are cumulative: " + line);
            }
        }
        for (Map.Entry<String, String> t : types.entrySet()) {
            if (t.getValue().equals("histogram")) {
                samples.forEach((k, v) -> {
                    if (k.startsWith(t.getKey() + "_count")) {
                        String labels = k.substring((t.getKey() + "_count").length());
                        String inf = t.getKey() + "_bucket" + (labels.isEmpty() ? "{le=\"+Inf\"}"
                                : labels.replace("}", ",le=\"+Inf\"}"));
                        assertEquals(v, samples.get(inf), "+Inf bucket equals _count for " + k);
                    }
                });
            }
        }
        return samples;
    }

    @Test
    void theMetricsTextParsesBeforeAnyRequest() {
        Map<String, Double> samples = parse(new SidecarMetrics().render());
        assertTrue(samples.isEmpty(), samples.toString());
    }
}
