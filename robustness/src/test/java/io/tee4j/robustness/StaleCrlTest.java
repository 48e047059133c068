package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.simulator.FakePcs;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TDX CRLs on their own: the PCK CRL or the Intel SGX Root CA CRL stale (past nextUpdate), not yet
 * valid, without nextUpdate, revoking the PCK leaf, its CA or the TCB Signing certificate, signed by
 * another key, or in the other CRL's place, while the TCB info and QE identity stay current. The
 * rule, from core's {@code CrlSet}: a CRL that is not current cannot vouch that a certificate is
 * not revoked, so revocation is unavailable ({@link FailureClass#REVOCATION_UNAVAILABLE}, exit 4);
 * an authentic CRL that lists a certificate of the chain — current or stale — is a verification
 * failure with reason {@code REVOKED} (exit 2); a CRL from the wrong issuer or key is a verification failure;
 * {@link RevocationMode#SKIP_INSECURE} accepts with a warning. Offline (explicit collateral, through
 * {@link TdxVerifier} and through the backend SPI that the command uses) and online through the
 * loopback {@link FakePcs} and a memory+directory cache, which never serves a CRL past its
 * nextUpdate.
 */
class StaleCrlTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(1));
    private static final long MAX_CELL_MILLIS = 10_000;
    private static TdxSimulator sim;
    private static TdxSimulator other;
    private static byte[] quote;
    private static int cells;
    private static long slowestMillis;
    private static String slowestCell = "";
    private static final Map<String, Integer> VERDICTS = new TreeMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void simulator() {
        sim = TdxSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        other = TdxSimulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        quote = sim.quote(new byte[64]);
    }

    @AfterAll
    static void figures() {
        System.out.println("StaleCrlTest: " + cells + " cells, verdicts " + VERDICTS + ", slowest " + slowestMillis
                + " ms (" + slowestCell + ")");
    }

    private static X509Certificate pck() {
        return sim.pckChain().get(0);
    }

    private static X509Certificate pckCa() {
        return sim.pckChain().get(1);
    }

    private static X509Certificate tcbSigner() throws Exception {
        return Certificates.parseAll(sim.tcbIssuerChainPem().getBytes(StandardCharsets.US_ASCII)).get(0);
    }

    private static byte[] freshPck(BigInteger... revoked) {
        return sim.pckCrl(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(30)), revoked);
    }

    private static byte[] freshRoot(BigInteger... revoked) {
        return sim.rootCaCrl(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(30)), revoked);
    }

    /** Past nextUpdate at NOW: issued ten days before T0, next update at T0 + 12 h. */
    private static byte[] stalePck(BigInteger... revoked) {
        return sim.pckCrl(T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofHours(12)), revoked);
    }

    private static byte[] staleRoot(BigInteger... revoked) {
        return sim.rootCaCrl(T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofHours(12)), revoked);
    }

    /** The verdict and the exception (or result) of one verification, timed and counted. */
    private static synchronized void timed(String cell, long ms, FailureClass verdict) {
        cells++;
        VERDICTS.merge(verdict == null ? "accepted" : verdict.name(), 1, Integer::sum);
        if (ms > slowestMillis) {
            slowestMillis = ms;
            slowestCell = cell;
        }
        assertTrue(ms < MAX_CELL_MILLIS, cell + " took " + ms + " ms");
    }

    private static CellOutcome<TdxAttestationResult> run(String cell, CellOutcome.Verification<TdxAttestationResult> r) {
        CellOutcome<TdxAttestationResult> o = CellOutcome.run("StaleCrlTest", cell, MAX_CELL_MILLIS, r);
        timed(cell, o.millis, o.verdict);
        return o;
    }

    private static CellOutcome<TdxAttestationResult> offline(String cell, byte[] pckCrl, byte[] rootCrl, RevocationMode mode, Instant at) {
        return run(cell, () -> TdxVerifier.builder().trustAnchors(sim.trustAnchors()).revocationMode(mode)
                .clock(Clock.fixed(at, ZoneOffset.UTC))
                .collateral(TdxCollateral.fromBundle(sim.collateralBundle(pckCrl, rootCrl))).build()
                .verify(quote, TdxPolicy.defaults()));
    }

    private static void expect(FailureClass expected, CellOutcome<TdxAttestationResult> o, String cell) {
        assertEquals(expected, o.verdict, cell + ": " + (o.error == null ? "accepted" : o.error.getMessage()));
    }

    private static void expectRevoked(CellOutcome<TdxAttestationResult> o, String cell) {
        expect(FailureClass.VERIFICATION_FAILED, o, cell);
        assertEquals(VerificationFailedException.Reason.REVOKED, ((VerificationFailedException) o.error).reason(), cell);
    }

    private static void expectAcceptedWithWarning(CellOutcome<TdxAttestationResult> o, String cell) {
        assertEquals(null, o.verdict, cell + ": " + (o.error == null ? "" : o.error.getMessage()));
        assertTrue(o.result.warnings().stream().anyMatch(w -> w.contains("SKIP_INSECURE")),
                cell + ": no revocation warning in " + o.result.warnings());
    }

    @Test
    void explicitCollateralWithOneCrlAtFault() throws Exception {
        RevocationMode req = RevocationMode.REQUIRE;
        RevocationMode skip = RevocationMode.SKIP_INSECURE;
        expect(null, offline("baseline", freshPck(), freshRoot(), req, NOW), "baseline");
        // only the PCK CRL stale, TCB info and QE identity current (they run to T0 + 30 days)
        expect(FailureClass.REVOCATION_UNAVAILABLE, offline("PCK CRL stale", stalePck(), freshRoot(), req, NOW),
                "PCK CRL stale");
        expect(FailureClass.REVOCATION_UNAVAILABLE, offline("root CA CRL stale", freshPck(), staleRoot(), req, NOW),
                "root CA CRL stale");
        expect(FailureClass.REVOCATION_UNAVAILABLE, offline("both CRLs stale", stalePck(), staleRoot(), req, NOW),
                "both CRLs stale");
        // the boundaries: unusable at nextUpdate itself, usable one second before it
        Instant next = T0.plus(Duration.ofDays(2));
        byte[] endsAt = sim.pckCrl(T0, next);
        expect(FailureClass.REVOCATION_UNAVAILABLE, offline("PCK CRL at its nextUpdate", endsAt, freshRoot(), req, next),
                "PCK CRL at its nextUpdate");
        expect(null, offline("PCK CRL a second before its nextUpdate", endsAt, freshRoot(), req, next.minusSeconds(1)),
                "PCK CRL a second before its nextUpdate");
        expect(FailureClass.REVOCATION_UNAVAILABLE, offline("PCK CRL not yet issued",
                sim.pckCrl(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(3))), freshRoot(), req, NOW),
                "PCK CRL not yet issued");
        expect(FailureClass.REVOCATION_UNAVAILABLE, offline("PCK CRL without nextUpdate",
                sim.pckCrl(T0, null), freshRoot(), req, NOW), "PCK CRL without nextUpdate");
        expect(FailureClass.REVOCATION_UNAVAILABLE, offline("root CA CRL without nextUpdate",
                freshPck(), sim.rootCaCrl(T0, null), req, NOW), "root CA CRL without nextUpdate");
        // a stale CRL that lists the PCK: the issuer said it is revoked, and a revocation is never
        // unsaid (core CrlSet, hostile review turn 2 item 1) — revoked, not merely unavailable
        expectRevoked(offline("stale PCK CRL revoking the PCK", stalePck(pck().getSerialNumber()), freshRoot(), req,
                NOW), "stale PCK CRL revoking the PCK");
        // current CRLs that revoke a certificate of the chain
        expectRevoked(offline("PCK CRL revokes the PCK", freshPck(pck().getSerialNumber()), freshRoot(), req, NOW),
                "PCK CRL revokes the PCK");
        expectRevoked(offline("root CA CRL revokes the PCK Platform CA", freshPck(),
                freshRoot(pckCa().getSerialNumber()), req, NOW), "root CA CRL revokes the PCK Platform CA");
        expectRevoked(offline("root CA CRL revokes the TCB Signing certificate", freshPck(),
                freshRoot(tcbSigner().getSerialNumber()), req, NOW), "root CA CRL revokes the TCB Signing certificate");
        // a CRL listing other serials only: accepted
        expect(null, offline("PCK CRL revoking another serial", freshPck(BigInteger.valueOf(0x7777)), freshRoot(), req,
                NOW), "PCK CRL revoking another serial");
        // a current CRL with the right issuer name, signed by another key; the CRLs swapped
        expect(FailureClass.VERIFICATION_FAILED, offline("PCK CRL signed by another key",
                other.pckCrl(T0, T0.plus(Duration.ofDays(30))), freshRoot(), req, NOW), "PCK CRL signed by another key");
        expect(FailureClass.VERIFICATION_FAILED, offline("root CA CRL signed by another key", freshPck(),
                other.rootCaCrl(T0, T0.plus(Duration.ofDays(30))), req, NOW), "root CA CRL signed by another key");
        expect(FailureClass.VERIFICATION_FAILED, offline("CRLs swapped", freshRoot(), freshPck(), req, NOW),
                "CRLs swapped");
        // revocation skipped by name: accepted, with the warning
        expectAcceptedWithWarning(offline("PCK CRL stale, SKIP_INSECURE", stalePck(), freshRoot(), skip, NOW),
                "PCK CRL stale, SKIP_INSECURE");
        expectAcceptedWithWarning(offline("root CA CRL stale, SKIP_INSECURE", freshPck(), staleRoot(), skip, NOW),
                "root CA CRL stale, SKIP_INSECURE");
        expectAcceptedWithWarning(offline("PCK CRL revokes the PCK, SKIP_INSECURE", freshPck(pck().getSerialNumber()),
                freshRoot(), skip, NOW), "PCK CRL revokes the PCK, SKIP_INSECURE");
    }

    @Test
    void aCachedVerdictDoesNotOutliveItsCrl() {
        // one verifier, the same collateral, the clock moving past the PCK CRL's nextUpdate (the TCB
        // info and QE identity still current): the verifier's verdict cache must not answer for it
        MovableClock clock = new MovableClock(NOW);
        byte[] shortPck = sim.pckCrl(T0, T0.plus(Duration.ofDays(2)));
        TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).clock(clock)
                .collateral(collateral(shortPck, freshRoot())).build();
        expect(null, run("verdict cache: before nextUpdate", () -> v.verify(quote, TdxPolicy.defaults())),
                "before nextUpdate");
        expect(null, run("verdict cache: again", () -> v.verify(quote, TdxPolicy.defaults())), "again");
        clock.set(T0.plus(Duration.ofDays(2)).plusSeconds(1));
        expect(FailureClass.REVOCATION_UNAVAILABLE, run("verdict cache: past the PCK CRL's nextUpdate",
                () -> v.verify(quote, TdxPolicy.defaults())), "past nextUpdate");
    }

    private static TdxCollateral collateral(byte[] pckCrl, byte[] rootCrl) {
        try {
            return TdxCollateral.fromBundle(sim.collateralBundle(pckCrl, rootCrl));
        } catch (AttestationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void throughTheBackendSpiExitCodes() throws Exception {
        // the path the tee4j command takes: a bundle file, explicit roots, offline
        TeeBackend b = RealVectors.backend(TeeType.TDX);
        record Case(String name, byte[] pck, byte[] root, RevocationMode mode, FailureClass expected) {
        }
        List<Case> cases = List.of(
                new Case("SPI baseline", freshPck(), freshRoot(), RevocationMode.REQUIRE, null),
                new Case("SPI PCK CRL stale", stalePck(), freshRoot(), RevocationMode.REQUIRE,
                        FailureClass.REVOCATION_UNAVAILABLE),
                new Case("SPI root CA CRL stale", freshPck(), staleRoot(), RevocationMode.REQUIRE,
                        FailureClass.REVOCATION_UNAVAILABLE),
                new Case("SPI PCK CRL revokes the PCK", freshPck(pck().getSerialNumber()), freshRoot(),
                        RevocationMode.REQUIRE, FailureClass.VERIFICATION_FAILED),
                new Case("SPI PCK CRL stale, SKIP_INSECURE", stalePck(), freshRoot(), RevocationMode.SKIP_INSECURE,
                        null));
        for (Case c : cases) {
            Path bundle = Files.write(tmp.resolve(c.name().replace(' ', '-').replace(",", "") + ".json"),
                    sim.collateralBundle(c.pck(), c.root()));
            VerificationRequest.Builder r = VerificationRequest.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .offline(true).addCollateral(bundle).revocationMode(c.mode());
            for (X509Certificate root : sim.trustAnchors().roots()) {
                r.addTrustRoot(Certificates.toPem(root).getBytes(StandardCharsets.US_ASCII));
            }
            VerificationRequest request = r.build();
            long t0 = System.nanoTime();
            FailureClass got = null;
            try {
                b.verify(b.readEvidence(quote), request);
            } catch (AttestationException e) {
                got = e.failureClass();
                System.out.println("StaleCrlTest " + c.name() + ": " + got + " exit " + got.exitCode() + " ("
                        + e.getMessage() + ")");
            }
            timed(c.name(), (System.nanoTime() - t0) / 1_000_000, got);
            assertEquals(c.expected(), got, c.name());
        }
        assertEquals(4, FailureClass.REVOCATION_UNAVAILABLE.exitCode(), "a stale CRL exits 4");
    }


    private static TdxVerifier online(FakePcs pcs, CollateralSource source, Clock clock, RevocationMode mode) {
        return TdxVerifier.builder().trustAnchors(sim.trustAnchors()).clock(clock).revocationMode(mode)
                .pcs(IntelPcs.at(pcs.baseUri(), pcs.rootCaCrlUri(), source)).build();
    }

    @Test
    void onlineThroughFakePcsAndCache() throws Exception {
        MovableClock clock = new MovableClock(NOW);
        Path dir = tmp.resolve("cache");
        Instant crlNext = T0.plus(Duration.ofDays(2));
        try (FakePcs pcs = FakePcs.start(sim, fmspc())) {
            pcs.servePckCrl(sim.pckCrl(T0, crlNext));
            CachingCollateralSource cache = CachingCollateralSource.builder(LoopbackHttp.source()).clock(clock).directory(dir).build();
            TdxVerifier v = online(pcs, cache, clock, RevocationMode.REQUIRE);
            expect(null, run("online: fetched", () -> v.verify(quote, TdxPolicy.defaults())), "fetched");
            assertEquals(4, pcs.requests(), "four documents fetched");
            expect(null, run("online: from the cache", () -> v.verify(quote, TdxPolicy.defaults())), "cached");
            assertEquals(4, pcs.requests(), "served from the cache");
            // past the PCK CRL's nextUpdate (the TCB info and QE identity still current): the cache
            // must not serve it; the PCS still serves the same, now stale, CRL
            clock.set(crlNext.plusSeconds(1));
            expect(FailureClass.REVOCATION_UNAVAILABLE, run("online: PCS serves the stale PCK CRL",
                    () -> v.verify(quote, TdxPolicy.defaults())), "stale PCK CRL online");
            assertEquals(5, pcs.requests(), "exactly the PCK CRL refetched");
            // a stale document is not stored: asked again, it is fetched again
            expect(FailureClass.REVOCATION_UNAVAILABLE, run("online: stale PCK CRL again",
                    () -> v.verify(quote, TdxPolicy.defaults())), "stale again");
            assertEquals(6, pcs.requests(), "the stale CRL was not cached");
            // offline from the directory: the expired CRL is not served either
            CachingCollateralSource offline = CachingCollateralSource.builder(CollateralSource.none()).clock(clock)
                    .directory(dir).offline().build();
            // (a CRL that cannot be had is revocation unavailable, as RevocationMode.REQUIRE says; it
            // was collateral unavailable before this test)
            CellOutcome<TdxAttestationResult> off = run("offline cache: PCK CRL expired",
                    () -> online(pcs, offline, clock, RevocationMode.REQUIRE).verify(quote, TdxPolicy.defaults()));
            expect(FailureClass.REVOCATION_UNAVAILABLE, off, "offline, expired CRL");
            assertTrue(off.error.getMessage().contains("expired"), off.error.getMessage());
            // revocation skipped by name: the expired CRL is not needed, so not asked for (it failed
            // the verification before this test)
            expectAcceptedWithWarning(run("offline cache: PCK CRL expired, SKIP_INSECURE",
                    () -> online(pcs, offline, clock, RevocationMode.SKIP_INSECURE).verify(quote, TdxPolicy.defaults())),
                    "offline SKIP_INSECURE");
            assertEquals(6, pcs.requests(), "an offline cache fetched");
            // with revocation skipped, the stale CRL fetched online does no harm
            expectAcceptedWithWarning(run("online: stale PCK CRL, SKIP_INSECURE",
                    () -> online(pcs, cache, clock, RevocationMode.SKIP_INSECURE).verify(quote, TdxPolicy.defaults())),
                    "online SKIP_INSECURE");
            // the PCS publishes a current CRL: fetched once, accepted, then cached
            pcs.servePckCrl(sim.pckCrl(crlNext, T0.plus(Duration.ofDays(30))));
            int before = pcs.requests();
            expect(null, run("online: current PCK CRL published", () -> v.verify(quote, TdxPolicy.defaults())),
                    "current CRL");
            assertEquals(before + 1, pcs.requests());
            expect(null, run("online: current PCK CRL cached", () -> v.verify(quote, TdxPolicy.defaults())),
                    "current CRL cached");
            assertEquals(before + 1, pcs.requests());
            // and now offline from the directory: accepted
            expect(null, run("offline cache: current CRL", () -> online(pcs, offline, clock, RevocationMode.REQUIRE)
                    .verify(quote, TdxPolicy.defaults())), "offline current");
            // the root CA CRL goes stale at the PCS while everything else is cached and current
            pcs.serveRootCaCrl(sim.rootCaCrl(T0.minus(Duration.ofDays(10)), crlNext));
            CachingCollateralSource fresh = CachingCollateralSource.builder(LoopbackHttp.source()).clock(clock).build();
            expect(FailureClass.REVOCATION_UNAVAILABLE, run("online: PCS serves a stale root CA CRL",
                    () -> online(pcs, fresh, clock, RevocationMode.REQUIRE).verify(quote, TdxPolicy.defaults())),
                    "stale root CRL online");
            // the PCS publishes a revoking PCK CRL: a new cache fetches it and the PCK is revoked
            pcs.serveRootCaCrl(freshRoot());
            pcs.servePckCrl(sim.pckCrl(crlNext, T0.plus(Duration.ofDays(30)), pck().getSerialNumber()));
            expectRevoked(run("online: PCS serves a PCK CRL revoking the PCK",
                    () -> online(pcs, CachingCollateralSource.builder(LoopbackHttp.source()).clock(clock).build(), clock,
                            RevocationMode.REQUIRE).verify(quote, TdxPolicy.defaults())), "revoking CRL online");
        }
    }

    @Test
    void crlEndpointDownFollowsTheRevocationMode() throws Exception {
        // a PCS whose TCB info and QE identity are fine but whose CRL endpoints answer 500
        String chain = URLEncoder.encode(sim.tcbIssuerChainPem(), StandardCharsets.UTF_8);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        for (String down : List.of("/sgx/certification/v4/pckcrl", "/IntelSGXRootCA.der")) {
            try (FaultyHttpServer server = FaultyHttpServer.start()) {
                server.route("/tdx/certification/v4/tcb", Reply.ok(sim.tcbInfoResponse())
                        .header("TCB-Info-Issuer-Chain", chain));
                server.route("/tdx/certification/v4/qe/identity", Reply.ok(sim.qeIdentityResponse())
                        .header("SGX-Enclave-Identity-Issuer-Chain", chain));
                server.route("/sgx/certification/v4/pckcrl", Reply.ok(freshPck()));
                server.route("/IntelSGXRootCA.der", Reply.ok(freshRoot()));
                server.route(down, Reply.status(500));
                IntelPcs pcs = IntelPcs.at(server.uri("/"), server.uri("/IntelSGXRootCA.der"), LoopbackHttp.source());
                // revocation required: unavailable (it was collateral unavailable before this test)
                CellOutcome<TdxAttestationResult> required = run(down + " answers 500", () -> TdxVerifier.builder()
                        .trustAnchors(sim.trustAnchors()).clock(clock).pcs(pcs).build()
                        .verify(quote, TdxPolicy.defaults()));
                expect(FailureClass.REVOCATION_UNAVAILABLE, required, down + " 500");
                // revocation skipped by name: accepted with the warning, the CRLs not even asked for
                // (the verification failed before this test)
                int asked = server.requestCount(down);
                expectAcceptedWithWarning(run(down + " answers 500, SKIP_INSECURE", () -> TdxVerifier.builder()
                        .trustAnchors(sim.trustAnchors()).clock(clock).pcs(pcs)
                        .revocationMode(RevocationMode.SKIP_INSECURE).build().verify(quote, TdxPolicy.defaults())),
                        down + " 500 SKIP_INSECURE");
                assertEquals(asked, server.requestCount(down), "a skipped CRL was fetched");
            }
        }
    }

    private static byte[] fmspc() {
        return java.util.HexFormat.of().parseHex("00906ed50000");
    }
}
