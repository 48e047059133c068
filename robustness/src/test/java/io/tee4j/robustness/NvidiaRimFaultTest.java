package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.HttpCollateralSource;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.simulator.NvGpuSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The NVIDIA online path: the GPU simulator's evidence verified with its RIMs fetched from a
 * loopback RIM service (core's HTTP source; OCSP answered by the simulator) that serves the driver
 * RIM with every fault in turn, including a valid RIM of the other kind (the VBIOS RIM for the
 * driver id) and a RIM signed under another root: typed errors, bounded time, never an accept. An
 * answer that is not a RIM service answer (empty, garbage, no {@code rim} member) is collateral
 * unavailable, like unusable collateral in the other backends (it was a verification failure before
 * this test).
 */
class NvidiaRimFaultTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

    private static byte[] rimJson(String id, byte[] xml) {
        return ("{\"id\":\"" + id + "\",\"rim\":\"" + Base64.getEncoder().encodeToString(xml) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static FailureClass verify(NvGpuSimulator sim, FaultyHttpServer server) {
        HttpCollateralSource http = HttpCollateralSource.builder().allowPlainHttp().connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(1)).deadline(Duration.ofSeconds(3)).maxAttempts(2)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(2)).build();
        CollateralSource simSource = sim.collateralSource();
        CollateralSource mixed = req -> req.kind() == CollateralKind.OCSP_RESPONSE ? simSource.fetch(req) : http.fetch(req);
        byte[] nonce = new byte[32];
        try {
            sim.verifier().collateralSource(mixed).rimService(server.uri("/v1/rim/")).build()
                    .verify(sim.evidence(nonce), NvGpuPolicy.builder().expectedNonce(nonce).build());
            return null;
        } catch (AttestationException e) {
            System.out.println("NvidiaRimFaultTest: " + e.failureClass() + ": " + e.getMessage());
            return e.failureClass();
        }
    }

    @Test
    void driverRimFetchFaults() throws Exception {
        NvGpuSimulator sim = NvGpuSimulator.builder().clock(CLOCK).build();
        NvGpuSimulator other = NvGpuSimulator.builder().clock(CLOCK).build();
        String driverId = "NV_GPU_DRIVER_GH100_" + sim.driverVersion();
        String vbiosId = "NV_GPU_VBIOS_1010_0200_882_" + sim.vbiosVersion().replace(".", "");
        byte[] driver = rimJson(driverId, sim.driverRim());
        Reply vbios = Reply.ok(rimJson(vbiosId, sim.vbiosRim()));
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route("/v1/rim/" + driverId, Reply.ok(driver));
            server.route("/v1/rim/" + vbiosId, vbios);
            assertEquals(null, verify(sim, server), "baseline: RIMs fetched over loopback");
        }
        Map<String, Reply> faults = new LinkedHashMap<>();
        faults.put("slow", Reply.ok(driver).delay(Duration.ofSeconds(2)));
        faults.put("stall mid-body", Reply.ok(driver).stallAfterHeaders(Duration.ofSeconds(2)));
        faults.put("429", Reply.status(429).header("Retry-After", "1"));
        faults.put("500", Reply.status(500));
        faults.put("503", Reply.status(503));
        faults.put("404", Reply.status(404));
        faults.put("truncated", Reply.ok(driver).truncatedAt(driver.length / 2));
        faults.put("empty 200", Reply.ok(new byte[0]));
        faults.put("garbage", Reply.garbage(3000, 13));
        faults.put("hang up", Reply.hangUp());
        faults.put("oversized stream", Reply.oversized(64L << 20));
        faults.put("declared oversized", Reply.declaredOversized(1L << 40));
        faults.put("JSON without rim", Reply.ok(("{\"id\":\"" + driverId + "\"}").getBytes(StandardCharsets.UTF_8)));
        faults.put("rim not base64", Reply.ok(("{\"id\":\"" + driverId + "\",\"rim\":\"%%%\"}")
                .getBytes(StandardCharsets.UTF_8)));
        faults.put("rim of XML garbage", Reply.ok(rimJson(driverId, "<a><b></a>".getBytes(StandardCharsets.UTF_8))));
        faults.put("other kind: the VBIOS RIM", Reply.ok(rimJson(driverId, sim.vbiosRim())));
        faults.put("RIM signed under another root", Reply.ok(rimJson(driverId, other.driverRim())));
        List<String> wrong = new ArrayList<>();
        int injected = 0;
        for (Map.Entry<String, Reply> f : faults.entrySet()) {
            Set<FailureClass> allowed = EnumSet.of(FailureClass.COLLATERAL_UNAVAILABLE);
            if (f.getKey().startsWith("rim ") || f.getKey().startsWith("RIM signed")) {
                // a RIM is there but its XML or signature is refused: the module's documented
                // verification failure (reason COLLATERAL or CERTIFICATE_CHAIN)
                allowed = EnumSet.of(FailureClass.VERIFICATION_FAILED);
            } else if (f.getKey().startsWith("other kind")) {
                // a genuine, signed RIM of the wrong component: the module reports the version
                // mismatch and the measurement result through the policy
                allowed = EnumSet.of(FailureClass.POLICY_VIOLATION, FailureClass.VERIFICATION_FAILED);
            }
            try (FaultyHttpServer server = FaultyHttpServer.start()) {
                server.route("/v1/rim/" + driverId, f.getValue());
                server.route("/v1/rim/" + vbiosId, vbios);
                long t0 = System.nanoTime();
                FailureClass v;
                try {
                    v = verify(sim, server);
                } catch (RuntimeException e) {
                    wrong.add(f.getKey() + ": unchecked " + e);
                    continue;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                injected++;
                System.out.printf("NvidiaRimFaultTest %s: %s in %d ms%n", f.getKey(), v, ms);
                if (v == null || !allowed.contains(v) || ms > 15_000) {
                    wrong.add(f.getKey() + " -> " + v + " in " + ms + " ms");
                }
            }
        }
        System.out.println("NvidiaRimFaultTest: " + injected + " faults injected");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
