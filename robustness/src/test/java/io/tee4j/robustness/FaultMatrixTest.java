package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxVerifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TDX online path (IntelPcs over core's HTTP source and cache) against a loopback PCS that
 * answers every collateral document with every fault in turn: slow past the timeout, 429, 500,
 * 503, truncated, garbage, hang-up, oversized, declared oversized, a valid document of another kind,
 * a missing issuer-chain header. Every cell ends in a typed error (collateral or revocation
 * unavailable; a genuine document under another root: verification failed), within a bounded time, never an accept; with fetching off the verdict is
 * collateral unavailable. Then the cache: a file where its directory should be, and corrupted or
 * swapped entries read offline.
 */
class FaultMatrixTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Clock NOW = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    private static final String FMSPC = "00906ed50000";
    private static final long MAX_CELL_MILLIS = 15_000;
    private static TdxSimulator sim;
    private static final TdxSimulator OTHER = TdxSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    private static byte[] quote;
    private static final Map<FailureClass, Integer> FIGURES = new EnumMap<>(FailureClass.class);
    private static int cells;

    @TempDir
    Path tmp;

    @BeforeAll
    static void simulator() {
        sim = TdxSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        quote = sim.quote(new byte[64]);
    }

    @AfterAll
    static void figures() {
        System.out.println("FaultMatrixTest: " + cells + " faults injected, verdicts " + FIGURES);
    }

    /** The four PCS documents: path, a valid reply. */
    private static Map<String, Reply> genuine() {
        String chain = URLEncoder.encode(sim.tcbIssuerChainPem(), StandardCharsets.UTF_8);
        Map<String, Reply> m = new LinkedHashMap<>();
        m.put("/tdx/certification/v4/tcb", Reply.ok(sim.tcbInfoResponse()).header("TCB-Info-Issuer-Chain", chain));
        m.put("/tdx/certification/v4/qe/identity",
                Reply.ok(sim.qeIdentityResponse()).header("SGX-Enclave-Identity-Issuer-Chain", chain));
        m.put("/sgx/certification/v4/pckcrl", Reply.ok(sim.pckCrl()).header("SGX-PCK-CRL-Issuer-Chain", chain));
        m.put("/IntelSGXRootCA.der", Reply.ok(sim.rootCaCrl()));
        return m;
    }

    private static Map<String, Reply> faults(String path, Map<String, Reply> ok) {
        String chain = URLEncoder.encode(sim.tcbIssuerChainPem(), StandardCharsets.UTF_8);
        byte[] body = switch (path) {
            case "/tdx/certification/v4/tcb" -> sim.tcbInfoResponse();
            case "/tdx/certification/v4/qe/identity" -> sim.qeIdentityResponse();
            case "/sgx/certification/v4/pckcrl" -> sim.pckCrl();
            default -> sim.rootCaCrl();
        };
        String header = switch (path) {
            case "/tdx/certification/v4/tcb" -> "TCB-Info-Issuer-Chain";
            case "/tdx/certification/v4/qe/identity" -> "SGX-Enclave-Identity-Issuer-Chain";
            case "/sgx/certification/v4/pckcrl" -> "SGX-PCK-CRL-Issuer-Chain";
            default -> "X-None";
        };
        Map<String, Reply> f = new LinkedHashMap<>();
        f.put("slow", ok.get(path).delay(Duration.ofSeconds(2)));
        f.put("stall mid-body", ok.get(path).stallAfterHeaders(Duration.ofSeconds(2)));
        f.put("429", Reply.status(429).header("Retry-After", "1"));
        f.put("429 retry-after 1 day", Reply.status(429).header("Retry-After", "86400"));
        f.put("500", Reply.status(500));
        f.put("503", Reply.status(503));
        f.put("404", Reply.status(404));
        f.put("truncated", Reply.ok(body).header(header, chain).truncatedAt(body.length / 2));
        f.put("empty 200", Reply.ok(new byte[0]).header(header, chain));
        f.put("garbage", Reply.garbage(2000, 7).header(header, chain));
        f.put("hang up", Reply.hangUp());
        f.put("oversized stream", Reply.oversized(64L << 20));
        f.put("declared oversized", Reply.declaredOversized(1L << 40));
        // a valid document of another kind, with the header this path needs
        f.put("other kind: CRL", Reply.ok(sim.pckCrl()).header(header, chain));
        f.put("other kind: QE identity", Reply.ok(sim.qeIdentityResponse()).header(header, chain));
        f.put("other kind: TCB info", Reply.ok(sim.tcbInfoResponse()).header(header, chain));
        if (!header.equals("X-None") && !path.contains("pckcrl")) {
            // (the PCK CRL is checked against the PCK Platform CA the quote carries: no header needed)
            f.put("no issuer chain header", Reply.ok(body));
            f.put("issuer chain of garbage", Reply.ok(body).header(header, "not%20a%20chain"));
        }
        // the same document, genuine, but from another PCS hierarchy (another root and keys)
        String otherChain = URLEncoder.encode(OTHER.tcbIssuerChainPem(), StandardCharsets.UTF_8);
        byte[] otherBody = switch (path) {
            case "/tdx/certification/v4/tcb" -> OTHER.tcbInfoResponse();
            case "/tdx/certification/v4/qe/identity" -> OTHER.qeIdentityResponse();
            case "/sgx/certification/v4/pckcrl" -> OTHER.pckCrl();
            default -> OTHER.rootCaCrl();
        };
        f.put("signed under another root", Reply.ok(otherBody).header(header, otherChain));
        // what is genuine for this path is no fault: drop the one matching the path's kind
        switch (path) {
            case "/tdx/certification/v4/tcb" -> f.remove("other kind: TCB info");
            case "/tdx/certification/v4/qe/identity" -> f.remove("other kind: QE identity");
            default -> f.remove("other kind: CRL");
        }
        return f;
    }


    private static FailureClass verify(FaultyHttpServer server, CollateralSource source) {
        TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors())
                .pcs(IntelPcs.at(server.uri("/"), server.uri("/IntelSGXRootCA.der"), source)).clock(NOW).build();
        try {
            v.verify(quote, TdxPolicy.defaults());
            return null;
        } catch (AttestationException e) {
            LAST.set(e.getMessage());
            return e.failureClass();
        }
    }

    private static final ThreadLocal<String> LAST = new ThreadLocal<>();

    private static synchronized void count(FailureClass c) {
        FIGURES.merge(c, 1, Integer::sum);
        cells++;
    }

    @Test
    void everyDocumentEveryFault() throws Exception {
        Map<String, Reply> ok = genuine();
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            ok.forEach(server::route);
            assertEquals(null, verify(server, LoopbackHttp.source()), "baseline over loopback");
        }
        List<String> wrong = new ArrayList<>();
        for (String path : ok.keySet()) {
            for (Map.Entry<String, Reply> fault : faults(path, ok).entrySet()) {
                Set<FailureClass> allowed = EnumSet.of(FailureClass.COLLATERAL_UNAVAILABLE);
                // (both CRL paths: the PCK CRL's and the root CA CRL's, /IntelSGXRootCA.der)
                if (path.contains("crl") || path.contains("RootCA")) {
                    allowed.add(FailureClass.REVOCATION_UNAVAILABLE);
                }
                if (fault.getKey().startsWith("signed under")) {
                    allowed.add(FailureClass.VERIFICATION_FAILED);
                }
                try (FaultyHttpServer server = FaultyHttpServer.start()) {
                    ok.forEach(server::route);
                    server.route(path, fault.getValue());
                    long t0 = System.nanoTime();
                    FailureClass v;
                    try {
                        v = verify(server, LoopbackHttp.source());
                    } catch (RuntimeException e) {
                        wrong.add(path + " / " + fault.getKey() + ": unchecked " + e);
                        continue;
                    }
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    System.out.printf("FaultMatrixTest %s / %s: %s in %d ms (%s)%n", path, fault.getKey(), v, ms,
                            v == null ? "accepted" : LAST.get());
                    if (v != null) {
                        count(v);
                    }
                    if (v == null || !allowed.contains(v)) {
                        wrong.add(path + " / " + fault.getKey() + " -> " + (v == null ? "ACCEPTED" : v));
                    }
                    if (ms > MAX_CELL_MILLIS) {
                        wrong.add(path + " / " + fault.getKey() + " took " + ms + " ms");
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void fetchingOffIsCollateralUnavailable() {
        TdxVerifier offline = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).clock(NOW).build();
        try {
            offline.verify(quote, TdxPolicy.defaults());
            throw new AssertionError("accepted without collateral");
        } catch (AttestationException e) {
            count(e.failureClass());
            assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
        }
    }

    @Test
    void cacheDirectoryFaults() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "a file where the cache directory should be");
        Path dir = tmp.resolve("cache");
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            genuine().forEach(server::route);
            // unwritable cache: the fetch still works or fails typed, never unchecked
            FailureClass unwritable;
            try {
                unwritable = verify(server, CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(blocker).build());
            } catch (RuntimeException e) {
                throw new AssertionError("unchecked exception with an unwritable cache directory", e);
            }
            System.out.println("FaultMatrixTest unwritable cache directory: " + unwritable);
            assertTrue(unwritable == null || unwritable == FailureClass.COLLATERAL_UNAVAILABLE, "" + unwritable);
            // fill a real cache, then read it offline: accepted
            assertEquals(null, verify(server, CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(dir).build()));
            // (offline sources never touch the server; it stays up so the cache keys, which hold its URL, match)
            FaultyHttpServer down = server;
            int served = server.requestCount("/tdx/certification/v4/tcb");
            FailureClass offline = verify(down, CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(dir)
                    .offline().build());
            try (Stream<Path> s = Files.walk(dir)) {
                System.out.println("FaultMatrixTest cache files: " + s.toList());
            }
            assertEquals(null, offline, "offline from a filled cache: " + LAST.get());
            // swap the cached documents' bodies among themselves: never an accept
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            assertTrue(files.size() >= 4, "cache files: " + files);
            List<byte[]> contents = new ArrayList<>();
            for (Path f : files) {
                contents.add(Files.readAllBytes(f));
            }
            for (int i = 0; i < files.size(); i++) {
                Files.write(files.get(i), contents.get((i + 1) % files.size()));
            }
            FailureClass swapped = verify(down, CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(dir)
                    .offline().build());
            System.out.println("FaultMatrixTest swapped cache entries: " + swapped);
            assertTrue(swapped != null, "swapped cache entries accepted");
            count(swapped);
            // garbage in every file, offline: collateral unavailable
            for (Path f : files) {
                Files.write(f, "garbage".getBytes(StandardCharsets.US_ASCII));
            }
            FailureClass corrupt = verify(down, CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(dir)
                    .offline().build());
            System.out.println("FaultMatrixTest corrupted cache: " + corrupt);
            assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, corrupt);
            count(corrupt);
            // truncated files, offline
            for (int i = 0; i < files.size(); i++) {
                byte[] c = contents.get(i);
                Files.write(files.get(i), java.util.Arrays.copyOf(c, c.length / 2));
            }
            FailureClass truncated = verify(down, CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(dir)
                    .offline().build());
            System.out.println("FaultMatrixTest truncated cache: " + truncated);
            assertTrue(truncated != null, "truncated cache entries accepted");
            count(truncated);
            assertEquals(served, server.requestCount("/tdx/certification/v4/tcb"), "an offline cache fetched");
            // online again over the corrupted cache: refetched and accepted
            assertEquals(null, verify(server, CachingCollateralSource.builder(LoopbackHttp.source()).clock(NOW).directory(dir).build()),
                    "online over a corrupted cache");
        }
    }
}
