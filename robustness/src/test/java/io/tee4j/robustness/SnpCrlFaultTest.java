package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.collateral.KdsClient;
import io.tee4j.snp.collateral.KdsUrls;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedKds;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpVerifier;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SEV-SNP verifier requires the ARK-signed KDS CRL by default. Here the simulated Genoa chain's
 * report is verified online against a loopback KDS whose VCEK endpoint is healthy and whose CRL
 * endpoint answers with every fault in turn: slow past the timeout, stalled, 429 and 5xx (alone and
 * followed by a good answer), 404, truncated, empty, garbage, hang-up, oversized, a valid document of
 * another kind (a certificate, a certificate chain), a CRL signed by another key or issued by
 * another product line's ARK, a CRL that is stale, not yet valid or without nextUpdate, a CRL that
 * revokes the ASK. Each cell has its asserted class: a CRL that cannot be had or is not current is
 * {@link FailureClass#REVOCATION_UNAVAILABLE}; a CRL from the wrong key or issuer, or one that
 * revokes the ASK/ASVK, is {@link FailureClass#VERIFICATION_FAILED}; never an accept, never an
 * unchecked exception, each within a bounded time. Then the cache (never a CRL past its nextUpdate,
 * online or offline), fetching off, and revocation skipped by name.
 */
class SnpCrlFaultTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long MAX_CELL_MILLIS = 10_000;
    private static SimulatedAmdChain genoa;
    private static SimulatedAmdChain otherGenoa;
    private static SimulatedAmdChain milan;
    private static byte[] report;
    private static final Map<FailureClass, Integer> FIGURES = new EnumMap<>(FailureClass.class);
    private static int injected;
    private static long slowestMillis;
    private static String slowestCell = "";

    @TempDir
    Path tmp;

    @BeforeAll
    static void chains() {
        genoa = SimulatedAmdChain.generate(ProductLine.GENOA);
        otherGenoa = SimulatedAmdChain.builder(ProductLine.GENOA).chipId(genoa.chipId()).build();
        milan = SimulatedAmdChain.generate(ProductLine.MILAN);
        report = SimulatedSnpSigner.vcek(genoa).report().sign();
    }

    @AfterAll
    static void figures() {
        System.out.println("SnpCrlFaultTest: " + injected + " faults injected, verdicts " + FIGURES + ", slowest cell "
                + slowestMillis + " ms (" + slowestCell + ")");
    }


    private static byte[] der(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new AssertionError(e);
        }
    }

    private static X509CRL fresh(BigInteger... revoked) {
        return genoa.crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6)), revoked);
    }

    private static String vcekPath(FaultyHttpServer server) {
        return KdsUrls.at(server.uri("/")).vcek(ProductLine.GENOA, genoa.chipId(), genoa.tcb()).getPath();
    }

    private static String crlPath(FaultyHttpServer server, SigningKey key) {
        return KdsUrls.at(server.uri("/")).crl(ProductLine.GENOA, key).getPath();
    }

    private static CellOutcome<SnpAttestationResult> run(String cell,
            CellOutcome.Verification<SnpAttestationResult> r) {
        CellOutcome<SnpAttestationResult> o = CellOutcome.run("SnpCrlFaultTest", cell, MAX_CELL_MILLIS, r);
        synchronized (SnpCrlFaultTest.class) {
            if (o.millis > slowestMillis) {
                slowestMillis = o.millis;
                slowestCell = cell;
            }
        }
        return o;
    }

    private static SnpVerifier.Builder verifier(CollateralSource source, URI base, Clock clock) {
        return SnpVerifier.builder().clock(clock).roots(genoa.roots()).kdsClient(KdsClient.of(source, KdsUrls.at(base)));
    }

    private static CellOutcome<SnpAttestationResult> online(String cell, FaultyHttpServer server, RevocationMode mode) {
        return run(cell, () -> verifier(LoopbackHttp.source(), server.uri("/"), CLOCK).revocationMode(mode).build()
                .verify(report, SnpPolicy.defaults()));
    }

    /** A fault, and the class it must end in. */
    private record Fault(Reply[] replies, FailureClass expected, boolean revokedReason) {
        static Fault of(FailureClass expected, Reply... replies) {
            return new Fault(replies, expected, false);
        }
    }

    @Test
    void crlFetchFaults() throws Exception {
        byte[] crl = der(fresh());
        byte[] vcek = genoa.vcek().getEncoded();
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route(vcekPath(server), Reply.ok(vcek));
            server.route(crlPath(server, SigningKey.VCEK), Reply.ok(crl));
            CellOutcome<SnpAttestationResult> base = online("baseline", server, RevocationMode.REQUIRE);
            assertEquals(null, base.verdict, "baseline");
            assertTrue(base.result.verification().revocationChecked());
            assertEquals(1, server.requestCount(crlPath(server, SigningKey.VCEK)));
        }
        FailureClass unavailable = FailureClass.REVOCATION_UNAVAILABLE;
        FailureClass failed = FailureClass.VERIFICATION_FAILED;
        Map<String, Fault> faults = new LinkedHashMap<>();
        faults.put("slow", Fault.of(unavailable, Reply.ok(crl).delay(Duration.ofSeconds(2))));
        faults.put("stall mid-body", Fault.of(unavailable, Reply.ok(crl).stallAfterHeaders(Duration.ofSeconds(2))));
        faults.put("429", Fault.of(unavailable, Reply.status(429).header("Retry-After", "1")));
        faults.put("429 retry-after 1 day", Fault.of(unavailable, Reply.status(429).header("Retry-After", "86400")));
        faults.put("500", Fault.of(unavailable, Reply.status(500)));
        faults.put("503", Fault.of(unavailable, Reply.status(503)));
        faults.put("404", Fault.of(unavailable, Reply.status(404)));
        faults.put("truncated", Fault.of(unavailable, Reply.ok(crl).truncatedAt(crl.length / 2)));
        faults.put("empty 200", Fault.of(unavailable, Reply.ok(new byte[0])));
        faults.put("garbage", Fault.of(unavailable, Reply.garbage(1500, 17)));
        faults.put("hang up", Fault.of(unavailable, Reply.hangUp()));
        faults.put("oversized stream", Fault.of(unavailable, Reply.oversized(8L << 20)));
        faults.put("declared oversized", Fault.of(unavailable, Reply.declaredOversized(1L << 40)));
        faults.put("other kind: the ARK certificate", Fault.of(unavailable, Reply.ok(genoa.ark().getEncoded())));
        faults.put("other kind: the VCEK", Fault.of(unavailable, Reply.ok(vcek)));
        faults.put("other kind: ASK+ARK chain PEM", Fault.of(unavailable, Reply.ok((Certificates.toPem(genoa.ask())
                + Certificates.toPem(genoa.ark())).getBytes(StandardCharsets.US_ASCII))));
        faults.put("CRL signed by another key (same ARK name)", Fault.of(failed,
                Reply.ok(der(otherGenoa.crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6)))))));
        faults.put("CRL of another product line (Milan ARK)", Fault.of(failed,
                Reply.ok(der(milan.crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6)))))));
        faults.put("stale CRL", Fault.of(unavailable,
                Reply.ok(der(genoa.crl(NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1)))))));
        faults.put("CRL at its nextUpdate", Fault.of(unavailable,
                Reply.ok(der(genoa.crl(NOW.minus(Duration.ofDays(7)), NOW)))));
        faults.put("CRL not yet valid", Fault.of(unavailable,
                Reply.ok(der(genoa.crl(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)))))));
        faults.put("CRL without nextUpdate", Fault.of(unavailable,
                Reply.ok(der(genoa.crl(NOW.minus(Duration.ofDays(1)), null)))));
        // AMD listed the ASK as revoked; a newer list cannot unsay it, so even a stale CRL revokes
        // (CrlSet's rule: any authentic CRL that lists a serial revokes it, whatever its window).
        faults.put("stale CRL revoking the ASK", new Fault(new Reply[] {Reply.ok(der(genoa.crl(
                NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1)), genoa.ask().getSerialNumber())))},
                failed, true));
        faults.put("CRL revoking the ASK", new Fault(new Reply[] {Reply.ok(der(fresh(genoa.ask().getSerialNumber())))},
                failed, true));
        faults.put("CRL revoking the ASK and the ARK", new Fault(new Reply[] {Reply.ok(der(fresh(
                genoa.ask().getSerialNumber(), genoa.ark().getSerialNumber())))}, failed, true));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Fault> f : faults.entrySet()) {
            try (FaultyHttpServer server = FaultyHttpServer.start()) {
                server.route(vcekPath(server), Reply.ok(vcek));
                server.route(crlPath(server, SigningKey.VCEK), f.getValue().replies());
                CellOutcome<SnpAttestationResult> o = online(f.getKey(), server, RevocationMode.REQUIRE);
                count(o.verdict);
                if (o.verdict != f.getValue().expected()) {
                    wrong.add(f.getKey() + " -> " + (o.verdict == null ? "ACCEPTED" : o.verdict) + ", expected "
                            + f.getValue().expected());
                } else if (f.getValue().revokedReason()
                        && ((VerificationFailedException) o.error).reason() != VerificationFailedException.Reason.REVOKED) {
                    wrong.add(f.getKey() + " -> reason " + ((VerificationFailedException) o.error).reason());
                }
                if (f.getKey().equals("404") && server.requestCount(crlPath(server, SigningKey.VCEK)) != 1) {
                    wrong.add("404 retried: " + server.requestCount(crlPath(server, SigningKey.VCEK)) + " requests");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static synchronized void count(FailureClass c) {
        injected++;
        if (c != null) {
            FIGURES.merge(c, 1, Integer::sum);
        }
    }

    @Test
    void transientFaultsThenAGoodAnswerAreRetried() throws Exception {
        byte[] crl = der(fresh());
        byte[] vcek = genoa.vcek().getEncoded();
        Map<String, Reply[]> recover = new LinkedHashMap<>();
        recover.put("429 then OK", new Reply[] {Reply.status(429).header("Retry-After", "1"), Reply.ok(crl)});
        recover.put("500 then OK", new Reply[] {Reply.status(500), Reply.ok(crl)});
        recover.put("503 then OK", new Reply[] {Reply.status(503), Reply.ok(crl)});
        recover.put("hang up then OK", new Reply[] {Reply.hangUp(), Reply.ok(crl)});
        for (Map.Entry<String, Reply[]> r : recover.entrySet()) {
            try (FaultyHttpServer server = FaultyHttpServer.start()) {
                server.route(vcekPath(server), Reply.ok(vcek));
                server.route(crlPath(server, SigningKey.VCEK), r.getValue());
                CellOutcome<SnpAttestationResult> o = online(r.getKey(), server, RevocationMode.REQUIRE);
                count(o.verdict);
                assertEquals(null, o.verdict, r.getKey());
                assertTrue(o.result.verification().revocationChecked(), r.getKey());
                assertEquals(2, server.requestCount(crlPath(server, SigningKey.VCEK)), r.getKey());
            }
        }
    }

    @Test
    void revocationSkippedByNameAndFetchingOff() throws Exception {
        byte[] vcek = genoa.vcek().getEncoded();
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route(vcekPath(server), Reply.ok(vcek));
            server.route(crlPath(server, SigningKey.VCEK), Reply.status(500));
            CellOutcome<SnpAttestationResult> skip = online("CRL endpoint 500, SKIP_INSECURE", server, RevocationMode.SKIP_INSECURE);
            count(skip.verdict);
            assertEquals(null, skip.verdict);
            assertTrue(!skip.result.verification().revocationChecked());
            assertTrue(skip.result.warnings().stream().anyMatch(w -> w.contains("SKIP_INSECURE")),
                    skip.result.warnings().toString());
            assertEquals(0, server.requestCount(crlPath(server, SigningKey.VCEK)), "a skipped CRL was fetched");
            // fetching off, the VCEK given: no CRL at hand
            CellOutcome<SnpAttestationResult> off = run("fetching off", () -> verifier(LoopbackHttp.source(), server.uri("/"), CLOCK).offline(true)
                    .addCertificate(genoa.vcek()).build().verify(report, SnpPolicy.defaults()));
            count(off.verdict);
            assertEquals(FailureClass.REVOCATION_UNAVAILABLE, off.verdict);
            assertEquals(0, server.requestCount(crlPath(server, SigningKey.VCEK)), "fetched while offline");
            // fetching off, the CRL given explicitly: accepted; a stale one given explicitly: unavailable
            CellOutcome<SnpAttestationResult> given = run("fetching off, CRL given", () -> verifier(LoopbackHttp.source(), server.uri("/"), CLOCK).offline(true)
                    .addCertificate(genoa.vcek()).addCrl(fresh()).build().verify(report, SnpPolicy.defaults()));
            assertEquals(null, given.verdict);
            CellOutcome<SnpAttestationResult> staleGiven = run("fetching off, stale CRL given", () -> verifier(LoopbackHttp.source(), server.uri("/"), CLOCK)
                    .offline(true).addCertificate(genoa.vcek()).addCrl(genoa.crl(NOW.minus(Duration.ofDays(8)),
                            NOW.minus(Duration.ofDays(1)))).build().verify(report, SnpPolicy.defaults()));
            count(staleGiven.verdict);
            assertEquals(FailureClass.REVOCATION_UNAVAILABLE, staleGiven.verdict);
        }
    }

    @Test
    void vlekReportWithTheAsvkRevoked() throws Exception {
        SimulatedSnpSigner vlek = SimulatedSnpSigner.vlek(genoa);
        Evidence evidence = vlek.evidence(vlek.report().sign());
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route(crlPath(server, SigningKey.VLEK), Reply.ok(der(fresh())));
            CellOutcome<SnpAttestationResult> ok = run("VLEK baseline", () -> verifier(LoopbackHttp.source(), server.uri("/"), CLOCK).build()
                    .verify(evidence, SnpPolicy.defaults()));
            assertEquals(null, ok.verdict, "VLEK baseline");
            assertEquals(1, server.requestCount(crlPath(server, SigningKey.VLEK)), "the VLEK CRL path");
        }
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route(crlPath(server, SigningKey.VLEK), Reply.ok(der(fresh(genoa.asvk().getSerialNumber()))));
            CellOutcome<SnpAttestationResult> revoked = run("CRL revoking the ASVK", () -> verifier(LoopbackHttp.source(), server.uri("/"), CLOCK).build()
                    .verify(evidence, SnpPolicy.defaults()));
            count(revoked.verdict);
            assertEquals(FailureClass.VERIFICATION_FAILED, revoked.verdict);
            assertEquals(VerificationFailedException.Reason.REVOKED,
                    ((VerificationFailedException) revoked.error).reason());
        }
    }

    @Test
    void aCrlListingTheVcekSerialDoesNotRevokeIt() throws Exception {
        // The ARK's CRL speaks for certificates the ARK issued (ASK, ASVK); the VCEK is issued by the
        // ASK, so a serial 0 in the ARK's CRL names some ARK-issued certificate, not the VCEK. Pinned
        // so that a change is noticed; the VCEK's own revocation is not published through this CRL.
        assertEquals(BigInteger.ZERO, genoa.vcek().getSerialNumber());
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route(vcekPath(server), Reply.ok(genoa.vcek().getEncoded()));
            server.route(crlPath(server, SigningKey.VCEK), Reply.ok(der(fresh(BigInteger.ZERO))));
            CellOutcome<SnpAttestationResult> o = online("CRL listing serial 0 (the VCEK's)", server, RevocationMode.REQUIRE);
            assertEquals(null, o.verdict);
        }
    }

    @Test
    void theCacheNeverServesACrlPastItsNextUpdate() throws Exception {
        MovableClock clock = new MovableClock(NOW);
        Path dir = tmp.resolve("kds-cache");
        Instant next = NOW.plus(Duration.ofDays(1));
        try (SimulatedKds kds = SimulatedKds.start(genoa)) {
            kds.crl(ProductLine.GENOA, genoa.crl(NOW.minus(Duration.ofDays(6)), next));
            CachingCollateralSource cache = CachingCollateralSource.builder(LoopbackHttp.source()).clock(clock).directory(dir).build();
            SnpVerifier v = verifier(cache, kds.baseUri(), clock).build();
            assertEquals(null, run("cache: fetched", () -> v.verify(report, SnpPolicy.defaults())).verdict);
            assertEquals(2, kds.requests().size(), kds.requests().toString());
            assertEquals(null, run("cache: served", () -> v.verify(report, SnpPolicy.defaults())).verdict);
            assertEquals(2, kds.requests().size(), "VCEK and CRL from the cache");
            // offline cache over the directory: accepted while the CRL is current
            CachingCollateralSource offline = CachingCollateralSource.builder(CollateralSource.none()).clock(clock)
                    .directory(dir).offline().build();
            assertEquals(null, run("offline cache: current CRL", () -> verifier(offline, kds.baseUri(), clock).build()
                    .verify(report, SnpPolicy.defaults())).verdict);
            // past nextUpdate: the cached CRL is not served; KDS still has the same, now stale, one
            clock.set(next.plusSeconds(1));
            CellOutcome<SnpAttestationResult> stale = run("cache: CRL past nextUpdate, KDS serves it stale",
                    () -> v.verify(report, SnpPolicy.defaults()));
            count(stale.verdict);
            assertEquals(FailureClass.REVOCATION_UNAVAILABLE, stale.verdict);
            assertEquals(3, kds.requests().size(), "exactly the CRL refetched: " + kds.requests());
            assertEquals("/vcek/v1/Genoa/crl", kds.requests().get(2));
            CellOutcome<SnpAttestationResult> offStale = run("offline cache: CRL past nextUpdate", () -> verifier(offline, kds.baseUri(), clock)
                    .build().verify(report, SnpPolicy.defaults()));
            count(offStale.verdict);
            assertEquals(FailureClass.REVOCATION_UNAVAILABLE, offStale.verdict);
            assertTrue(offStale.error.getMessage().contains("expired"), offStale.error.getMessage());
            assertEquals(3, kds.requests().size(), "an offline cache fetched");
            // KDS busy, then a current CRL: retried and accepted, and cached again
            kds.crl(ProductLine.GENOA, genoa.crl(next, next.plus(Duration.ofDays(7))));
            kds.failNext(429, 1);
            assertEquals(null, run("cache: 429 then a current CRL", () -> v.verify(report, SnpPolicy.defaults()))
                    .verdict);
            assertEquals(5, kds.requests().size(), kds.requests().toString());
            assertEquals(null, run("offline cache: the new CRL", () -> verifier(offline, kds.baseUri(), clock).build()
                    .verify(report, SnpPolicy.defaults())).verdict);
            // KDS now revokes the ASK; the cached CRL is current, so the cache still answers (the
            // revocation is seen at the CRL's next update, as with any CRL)
            kds.crl(ProductLine.GENOA, genoa.crl(next, next.plus(Duration.ofDays(7)), genoa.ask().getSerialNumber()));
            assertEquals(null, run("cache: current CRL kept until its nextUpdate",
                    () -> v.verify(report, SnpPolicy.defaults())).verdict);
            assertEquals(5, kds.requests().size());
            // a new cache sees the revocation
            CellOutcome<SnpAttestationResult> revoked = run("new cache: KDS CRL revokes the ASK", () -> verifier(
                    CachingCollateralSource.builder(LoopbackHttp.source()).clock(clock).build(), kds.baseUri(), clock).build()
                    .verify(report, SnpPolicy.defaults()));
            count(revoked.verdict);
            assertEquals(FailureClass.VERIFICATION_FAILED, revoked.verdict);
        }
    }
}
