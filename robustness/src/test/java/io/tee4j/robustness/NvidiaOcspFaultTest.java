package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.simulator.NvGpuSimulator;
import io.tee4j.nvgpu.simulator.OcspAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NVIDIA verifier's OCSP checks (the device certificates from the BROM up, but the root, as
 * nvtrust; and both RIM signing chains) against a loopback OCSP responder that answers with every fault in turn. Transport faults
 * (slow past the timeout, stalled, 429, 5xx, 404, truncated, hang-up, oversized) and answers that are
 * not OCSP responses (empty, garbage, a certificate, an HTML page) or unsuccessful OCSP responses
 * (tryLater, internalError, unauthorized, malformedRequest) leave revocation unknown:
 * {@link FailureClass#REVOCATION_UNAVAILABLE}, with or without a cache in front. Answers that are
 * OCSP responses but not trustworthy for this request (signed by a stranger, a tampered signature,
 * a responder certificate that chains nowhere, a key under a trusted root that is neither the issuer
 * nor its delegate, another serial, a missing or different nonce, a replayed answer) are
 * {@link FailureClass#VERIFICATION_FAILED}; "revoked" and "on hold" are
 * verification failures with reason {@code REVOKED}; "unknown", stale, without nextUpdate or
 * produced in the future are revocation unavailable. Never an accept, never an unchecked exception,
 * each cell within a bounded time. Then retries that recover, and a cache that never stands in for
 * the responder.
 */
class NvidiaOcspFaultTest {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final long MAX_CELL_MILLIS = 10_000;
    private static final byte[] NONCE = new byte[32];
    private static NvGpuSimulator sim;
    private static final Map<FailureClass, Integer> FIGURES = new EnumMap<>(FailureClass.class);
    private static int injected;
    private static long slowestMillis;
    private static String slowestCell = "";

    @BeforeAll
    static void simulator() {
        sim = NvGpuSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterAll
    static void figures() {
        System.out.println("NvidiaOcspFaultTest: " + injected + " faults injected, verdicts " + FIGURES
                + ", slowest cell " + slowestMillis + " ms (" + slowestCell + ")");
    }


    /** Verifies the simulator's evidence: RIMs from the simulator, OCSP from {@code ocsp} through {@code http}. */
    private static CellOutcome<NvGpuAttestationResult> verify(String cell, NvGpuSimulator s, URI ocsp, CollateralSource http, Clock clock) {
        CollateralSource simSource = s.collateralSource();
        CollateralSource mixed = req -> req.kind() == CollateralKind.OCSP_RESPONSE ? http.fetch(req) : simSource.fetch(req);
        CellOutcome<NvGpuAttestationResult> o = CellOutcome.run("NvidiaOcspFaultTest", cell, MAX_CELL_MILLIS,
                () -> s.verifier().collateralSource(mixed).ocspResponder(ocsp).clock(clock).build()
                        .verify(s.evidence(NONCE), NvGpuPolicy.builder().expectedNonce(NONCE).build()));
        synchronized (NvidiaOcspFaultTest.class) {
            if (o.millis > slowestMillis) {
                slowestMillis = o.millis;
                slowestCell = cell;
            }
        }
        return o;
    }

    private static CellOutcome<NvGpuAttestationResult> verify(String cell, URI ocsp, CollateralSource http) {
        return verify(cell, sim, ocsp, http, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static synchronized void count(FailureClass c) {
        injected++;
        if (c != null) {
            FIGURES.merge(c, 1, Integer::sum);
        }
    }

    /**
     * A loopback OCSP responder that answers the n-th request (0-based) with what its script returns:
     * an HTTP status and a body (the script may call the simulator's responder with the request).
     */
    private static final class Responder implements AutoCloseable {
        /** One HTTP answer. */
        record Answer(int status, byte[] body) {
        }

        /** The script. */
        interface Script {
            Answer answer(int n, byte[] request);
        }

        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();

        Responder(Script script) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/ocsp", ex -> {
                try (ex) {
                    byte[] request;
                    try (InputStream in = ex.getRequestBody()) {
                        request = in.readAllBytes();
                    }
                    Answer a;
                    try {
                        a = script.answer(requests.getAndIncrement(), request);
                    } catch (RuntimeException e) {
                        // a script that cannot answer (the simulator refused the request): a 500
                        System.out.println("NvidiaOcspFaultTest responder: " + e);
                        a = new Answer(500, new byte[0]);
                    }
                    if (a.status() == 429) {
                        ex.getResponseHeaders().add("Retry-After", "1");
                    }
                    ex.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                    ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                    if (a.body().length > 0) {
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(a.body());
                        }
                    }
                }
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp");
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Responder.Answer shaped(NvGpuSimulator s, byte[] request, OcspAnswer a) {
        return new Responder.Answer(200, s.ocspResponse(request, a));
    }

    /** A genuine answer the simulator gave to an earlier request (another nonce): replay material. */
    private static byte[] capturedAnswer() throws Exception {
        AtomicReference<byte[]> first = new AtomicReference<>();
        try (Responder r = new Responder((n, req) -> {
            Responder.Answer a = shaped(sim, req, OcspAnswer.standard());
            first.compareAndSet(null, a.body());
            return a;
        })) {
            CellOutcome<NvGpuAttestationResult> o = verify("baseline over loopback", r.uri(), LoopbackHttp.source());
            assertEquals(null, o.verdict, "baseline");
            assertTrue(o.result.verification().revocationChecked());
            assertEquals(7, r.requests(), "three device certificates (not the FMC leaf, as nvtrust) and two RIM "
                    + "chains of two");
        }
        return first.get();
    }

    @Test
    void transportAndFormatFaults() throws Exception {
        byte[] good = capturedAnswer();
        FailureClass unavailable = FailureClass.REVOCATION_UNAVAILABLE;
        Map<String, Reply> faults = new LinkedHashMap<>();
        faults.put("slow", Reply.ok(good).delay(Duration.ofSeconds(2)));
        faults.put("stall mid-body", Reply.ok(good).stallAfterHeaders(Duration.ofSeconds(2)));
        faults.put("429", Reply.status(429).header("Retry-After", "1"));
        faults.put("429 retry-after 1 day", Reply.status(429).header("Retry-After", "86400"));
        faults.put("500", Reply.status(500));
        faults.put("502", Reply.status(502));
        faults.put("503", Reply.status(503));
        faults.put("404", Reply.status(404));
        faults.put("truncated", Reply.ok(good).truncatedAt(good.length / 2));
        faults.put("hang up", Reply.hangUp());
        faults.put("oversized stream", Reply.oversized(1L << 20));
        faults.put("declared oversized", Reply.declaredOversized(1L << 40));
        // answers that are not OCSP responses at all
        faults.put("empty 200", Reply.ok(new byte[0]));
        faults.put("garbage", Reply.garbage(1500, 23));
        faults.put("not OCSP: a certificate", Reply.ok(sim.deviceChain().get(1).getEncoded()));
        faults.put("not OCSP: an HTML page", Reply.ok("<html><body>Service Unavailable</body></html>"
                .getBytes(StandardCharsets.US_ASCII)));
        faults.put("not OCSP: the first half of an answer", Reply.ok(java.util.Arrays.copyOf(good, good.length / 2)));
        faults.put("unsuccessful: tryLater", Reply.ok(unsuccessful(3)));
        faults.put("unsuccessful: internalError", Reply.ok(unsuccessful(2)));
        faults.put("unsuccessful: unauthorized", Reply.ok(unsuccessful(6)));
        faults.put("unsuccessful: malformedRequest", Reply.ok(unsuccessful(1)));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Reply> f : faults.entrySet()) {
            boolean format = !f.getKey().matches("slow|stall.*|4\\d\\d.*|5\\d\\d|truncated|hang up|.*oversized.*");
            // the format faults once more with a cache in front: the class must not depend on it
            for (boolean cached : format ? new boolean[] {false, true} : new boolean[] {false}) {
                try (FaultyHttpServer server = FaultyHttpServer.start()) {
                    server.route("/ocsp", f.getValue());
                    CollateralSource source = cached
                            ? CachingCollateralSource.builder(LoopbackHttp.source()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
                            : LoopbackHttp.source();
                    String cell = f.getKey() + (cached ? " (cached source)" : "");
                    CellOutcome<NvGpuAttestationResult> o = verify(cell, server.uri("/ocsp"), source);
                    count(o.verdict);
                    if (o.verdict != unavailable) {
                        wrong.add(cell + " -> " + (o.verdict == null ? "ACCEPTED" : o.verdict));
                    }
                    if (f.getKey().equals("404") && server.requestCount("/ocsp") != 1) {
                        wrong.add("404 retried: " + server.requestCount("/ocsp"));
                    }
                }
            }
        }
        // a genuine earlier answer replayed: it does not echo this request's nonce
        try (FaultyHttpServer server = FaultyHttpServer.start()) {
            server.route("/ocsp", Reply.ok(good));
            CellOutcome<NvGpuAttestationResult> o = verify("replayed genuine answer", server.uri("/ocsp"), LoopbackHttp.source());
            count(o.verdict);
            if (o.verdict != FailureClass.VERIFICATION_FAILED) {
                wrong.add("replayed genuine answer -> " + (o.verdict == null ? "ACCEPTED" : o.verdict));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static byte[] unsuccessful(int status) {
        // the simulator's unsuccessful response does not read the request
        return sim.ocspResponse(new byte[0], OcspAnswer.standard().withResponseStatus(status));
    }

    @Test
    void answersThatAreOcspButWrong() throws Exception {
        FailureClass failed = FailureClass.VERIFICATION_FAILED;
        FailureClass unavailable = FailureClass.REVOCATION_UNAVAILABLE;
        OcspAnswer std = OcspAnswer.standard();
        record Cell(OcspAnswer answer, FailureClass expected, boolean revoked) {
        }
        Map<String, Cell> cells = new LinkedHashMap<>();
        cells.put("status revoked", new Cell(std.withStatus(OcspAnswer.Status.REVOKED), failed, true));
        cells.put("status on hold", new Cell(std.withStatus(OcspAnswer.Status.ON_HOLD), failed, true));
        cells.put("status unknown", new Cell(std.withStatus(OcspAnswer.Status.UNKNOWN), unavailable, false));
        cells.put("stale (nextUpdate passed)", new Cell(std.withWindow(NOW.minus(Duration.ofDays(3)),
                NOW.minus(Duration.ofDays(1))), unavailable, false));
        cells.put("nextUpdate exactly now", new Cell(std.withWindow(NOW.minus(Duration.ofDays(1)), NOW), unavailable,
                false));
        cells.put("no nextUpdate", new Cell(std.withWindow(NOW.minusSeconds(60), null), unavailable, false));
        cells.put("produced an hour in the future", new Cell(std.withWindow(NOW.plus(Duration.ofHours(1)),
                NOW.plus(Duration.ofHours(2))), unavailable, false));
        cells.put("stale and revoked", new Cell(std.withStatus(OcspAnswer.Status.REVOKED).withWindow(
                NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1))), unavailable, false));
        cells.put("for another serial", new Cell(std.forAnotherSerial(), failed, false));
        cells.put("nonce of another request", new Cell(std.withNonce(OcspAnswer.Nonce.OTHER), failed, false));
        cells.put("no nonce", new Cell(std.withNonce(OcspAnswer.Nonce.OMIT), failed, false));
        cells.put("signed by a stranger", new Cell(std.withSigner(OcspAnswer.Signer.STRANGER), failed, false));
        cells.put("signed by a stranger, certificate included",
                new Cell(std.withSigner(OcspAnswer.Signer.STRANGER_WITH_CERTIFICATE), failed, false));
        cells.put("signature tampered", new Cell(std.withSigner(OcspAnswer.Signer.ISSUER_TAMPERED), failed, false));
        // RFC 6960 4.2.2.2: only the issuer or a responder it delegated may answer
        cells.put("signed by the RIM signer", new Cell(std.withSigner(OcspAnswer.Signer.RIM_SIGNER), failed, false));
        cells.put("signed by the GPU's FMC leaf", new Cell(std.withSigner(OcspAnswer.Signer.DEVICE_LEAF), failed, false));
        cells.put("signed by an issuer's certificate without OCSPSigning",
                new Cell(std.withSigner(OcspAnswer.Signer.DELEGATED_WITHOUT_OCSP_SIGNING), failed, false));
        cells.put("signed by a responder the issuer delegated (accepted)",
                new Cell(std.withSigner(OcspAnswer.Signer.DELEGATED), null, false));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Cell> c : cells.entrySet()) {
            try (Responder r = new Responder((n, req) -> shaped(sim, req, c.getValue().answer()))) {
                CellOutcome<NvGpuAttestationResult> o = verify(c.getKey(), r.uri(), LoopbackHttp.source());
                count(o.verdict);
                if (o.verdict != c.getValue().expected()) {
                    wrong.add(c.getKey() + " -> " + (o.verdict == null ? "ACCEPTED" : o.verdict) + ", expected "
                            + c.getValue().expected());
                } else if (c.getValue().revoked()
                        && ((VerificationFailedException) o.error).reason() != VerificationFailedException.Reason.REVOKED) {
                    wrong.add(c.getKey() + " -> reason " + ((VerificationFailedException) o.error).reason());
                }
            }
        }
        // one certificate deep in the device chain revoked (the BROM), every other answer good
        NvGpuSimulator revoking = NvGpuSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        revoking.revoke(revoking.deviceChain().get(1));
        try (Responder r = new Responder((n, req) -> shaped(revoking, req, OcspAnswer.standard()))) {
            CellOutcome<NvGpuAttestationResult> o = verify("the BROM certificate revoked", revoking, r.uri(), LoopbackHttp.source(), Clock.fixed(NOW, ZoneOffset.UTC));
            count(o.verdict);
            if (o.verdict != failed || ((VerificationFailedException) o.error).reason()
                    != VerificationFailedException.Reason.REVOKED) {
                wrong.add("the BROM certificate revoked -> " + o.verdict);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void transientFaultsThenGoodAnswersAreRetried() throws Exception {
        Map<String, Integer> first = new LinkedHashMap<>();
        first.put("429 then OK", 429);
        first.put("500 then OK", 500);
        first.put("503 then OK", 503);
        for (Map.Entry<String, Integer> f : first.entrySet()) {
            try (Responder r = new Responder((n, req) -> n == 0 ? new Responder.Answer(f.getValue(), new byte[0])
                    : shaped(sim, req, OcspAnswer.standard()))) {
                CellOutcome<NvGpuAttestationResult> o = verify(f.getKey(), r.uri(), LoopbackHttp.source());
                count(o.verdict);
                assertEquals(null, o.verdict, f.getKey());
                assertEquals(8, r.requests(), f.getKey() + ": one retry, then the seven checks");
            }
        }
    }

    @Test
    void aCacheNeverStandsInForTheResponder() throws Exception {
        // Issue 14 item 1: cached revocation data never suppresses asking for a fresher answer online
        MovableClock clock = new MovableClock(NOW);
        NvGpuSimulator moving = NvGpuSimulator.builder().clock(clock).build();
        AtomicReference<Supplier<OcspAnswer>> shape = new AtomicReference<>(OcspAnswer::standard);
        try (Responder r = new Responder((n, req) -> shaped(moving, req, shape.get().get()))) {
            CachingCollateralSource cache = CachingCollateralSource.builder(LoopbackHttp.source()).clock(clock).build();
            assertEquals(null, verify("cache: fetched", moving, r.uri(), cache, clock).verdict);
            assertEquals(7, r.requests());
            assertEquals(null, verify("cache: asked again", moving, r.uri(), cache, clock).verdict);
            assertEquals(14, r.requests(), "every answer fetched again, none served from the cache");
            // revoked since the last answers (which were good for another hour): seen at once
            shape.set(() -> OcspAnswer.standard().withStatus(OcspAnswer.Status.REVOKED));
            CellOutcome<NvGpuAttestationResult> revoked = verify("cache: revoked since", moving, r.uri(), cache, clock);
            count(revoked.verdict);
            assertEquals(FailureClass.VERIFICATION_FAILED, revoked.verdict);
            // the responder now answers stale: revocation unavailable, every time
            clock.set(NOW.plus(Duration.ofMinutes(125)));
            shape.set(() -> OcspAnswer.standard().withWindow(NOW, NOW.plus(Duration.ofMinutes(120))));
            CellOutcome<NvGpuAttestationResult> stale = verify("cache: responder answers stale", moving, r.uri(), cache, clock);
            count(stale.verdict);
            assertEquals(FailureClass.REVOCATION_UNAVAILABLE, stale.verdict);
            int after = r.requests();
            CellOutcome<NvGpuAttestationResult> again = verify("cache: stale again", moving, r.uri(), cache, clock);
            count(again.verdict);
            assertEquals(FailureClass.REVOCATION_UNAVAILABLE, again.verdict);
            assertTrue(r.requests() > after, "a stale answer was served from the cache");
            // an offline cache: it holds no OCSP answer to serve, so revocation is unavailable, nothing fetched
            int before = r.requests();
            CachingCollateralSource offline = CachingCollateralSource.builder(CollateralSource.none()).clock(clock)
                    .offline().build();
            CellOutcome<NvGpuAttestationResult> off = verify("offline cache", moving, r.uri(), offline, clock);
            count(off.verdict);
            assertEquals(FailureClass.REVOCATION_UNAVAILABLE, off.verdict);
            assertEquals(before, r.requests());
        }
    }
}
