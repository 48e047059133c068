package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.collateral.KdsClient;
import io.tee4j.snp.collateral.KdsUrls;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SEV-SNP online path (KdsClient over core's HTTP source) against a loopback AMD KDS serving
 * the real Genoa report's VCEK with every fault in turn, including valid documents of another kind
 * (the ARK where the VCEK is expected, a certificate chain, another chip's VCEK): typed errors within
 * a bounded time, never an accept; with fetching off, collateral unavailable.
 */
class SnpKdsFaultTest {
    private static final String VECTOR = "oak-genoa-v5";

    private static byte[] snp(String p) {
        return RealVectors.bytes(RealVectors.SNP, RealVectors.SNP_DIR + p);
    }


    private static FailureClass verify(byte[] report, Clock clock, FaultyHttpServer server, boolean offline) {
        SnpVerifier v = SnpVerifier.builder().clock(clock).revocationMode(RevocationMode.SKIP_INSECURE)
                .kdsClient(KdsClient.of(LoopbackHttp.source(), KdsUrls.at(server.uri("/")))).offline(offline).build();
        try {
            v.verify(report, SnpPolicy.builder().allowDebug(true).build());
            return null;
        } catch (AttestationException e) {
            System.out.println("SnpKdsFaultTest: " + e.failureClass() + ": " + e.getMessage());
            return e.failureClass();
        }
    }

    @Test
    void vcekFetchFaults() throws Exception {
        byte[] report = snp(VECTOR + "/report.bin");
        byte[] vcek = snp(VECTOR + "/vcek.der");
        Clock clock = Clock.fixed(Certificates.parseOne(vcek).getNotBefore().toInstant().plusSeconds(86400),
                ZoneOffset.UTC);
        AttestationReport r = AttestationReport.parse(report);
        URI u = KdsUrls.at(URI.create("http://127.0.0.1/")).vcek(r.productLine().orElseThrow(), r.chipId(),
                r.reportedTcb());
        String path = u.getPath();
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route(path, Reply.ok(vcek));
            assertEquals(null, verify(report, clock, server, false), "baseline: VCEK fetched over loopback");
            assertEquals(1, server.requestCount(path));
            assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, verify(report, clock, server, true), "fetching off");
        }
        Map<String, Reply> faults = new LinkedHashMap<>();
        faults.put("slow", Reply.ok(vcek).delay(Duration.ofSeconds(2)));
        faults.put("stall mid-body", Reply.ok(vcek).stallAfterHeaders(Duration.ofSeconds(2)));
        faults.put("429", Reply.status(429).header("Retry-After", "1"));
        faults.put("429 retry-after 1 day", Reply.status(429).header("Retry-After", "86400"));
        faults.put("500", Reply.status(500));
        faults.put("503", Reply.status(503));
        faults.put("404", Reply.status(404));
        faults.put("truncated", Reply.ok(vcek).truncatedAt(vcek.length / 2));
        faults.put("empty 200", Reply.ok(new byte[0]));
        faults.put("garbage", Reply.garbage(1400, 11));
        faults.put("hang up", Reply.hangUp());
        faults.put("oversized stream", Reply.oversized(64L << 20));
        faults.put("declared oversized", Reply.declaredOversized(1L << 40));
        faults.put("other kind: the ARK", Reply.ok(Certificates.parseOne(snp("roots/genoa_ark.pem")).getEncoded()));
        faults.put("other kind: ASK+ARK chain PEM", Reply.ok(snp("virtee-certs/cert_chain_milan.pem")));
        faults.put("another chip's VCEK", Reply.ok(snp("oak-milan-v3/vcek.der")));
        List<String> wrong = new ArrayList<>();
        int injected = 0;
        for (Map.Entry<String, Reply> f : faults.entrySet()) {
            Set<FailureClass> allowed = f.getKey().startsWith("other kind") || f.getKey().startsWith("another")
                    ? EnumSet.of(FailureClass.COLLATERAL_UNAVAILABLE, FailureClass.VERIFICATION_FAILED)
                    : EnumSet.of(FailureClass.COLLATERAL_UNAVAILABLE);
            try (FaultyHttpServer server = FaultyHttpServer.start()) {
                server.route(path, f.getValue());
                long t0 = System.nanoTime();
                FailureClass v;
                try {
                    v = verify(report, clock, server, false);
                } catch (RuntimeException e) {
                    wrong.add(f.getKey() + ": unchecked " + e);
                    continue;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                injected++;
                System.out.printf("SnpKdsFaultTest %s: %s in %d ms%n", f.getKey(), v, ms);
                if (v == null || !allowed.contains(v) || ms > 15_000) {
                    wrong.add(f.getKey() + " -> " + v + " in " + ms + " ms");
                }
            }
        }
        System.out.println("SnpKdsFaultTest: " + injected + " faults injected");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
