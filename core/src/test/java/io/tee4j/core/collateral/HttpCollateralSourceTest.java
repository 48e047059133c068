package io.tee4j.core.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.Sleeper;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCollateralSourceTest {
    static final Instant NOW = Instant.parse("2023-06-10T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private FaultyHttpServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void startServer() throws IOException {
        server = FaultyHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = HttpCollateralSourceTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** A source for loopback tests: plain http allowed, fake sleeper, short timeouts. */
    private HttpCollateralSource.Builder source() {
        return HttpCollateralSource.builder()
                .allowPlainHttp()
                .clock(CLOCK)
                .sleeper(sleeper)
                .requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2));
    }

    private static CollateralRequest get(URI uri, CollateralKind kind) {
        return CollateralRequest.builder(uri, kind).build();
    }

    @Test
    void fetchesBodyAndKeepsHeadersWithLowerCaseNames() throws Exception {
        byte[] body = "certificate bytes".getBytes(StandardCharsets.US_ASCII);
        server.route("/vcek", Reply.ok(body).header("SGX-PCK-CRL-Issuer-Chain", "chain%20pem")
                .header("Content-Type", "application/pkix-cert"));

        FetchedCollateral got = source().build().fetch(CollateralRequest.certificate(server.uri("/vcek")));

        assertArrayEquals(body, got.body());
        assertEquals("chain%20pem", got.header("sgx-pck-crl-issuer-chain").orElseThrow());
        assertTrue(got.headers().containsKey("sgx-pck-crl-issuer-chain"), got.headers().toString());
        assertTrue(got.headers().keySet().stream().allMatch(k -> k.equals(k.toLowerCase(java.util.Locale.ROOT))));
        assertEquals(NOW, got.fetchedAt());
        assertFalse(got.fromCache());
        assertTrue(got.nextUpdate().isEmpty());
        assertEquals(server.uri("/vcek").toString(), got.location());
        assertEquals(1, server.requestCount("/vcek"));
        assertEquals("GET", server.requests("/vcek").get(0).method());
        assertEquals("tee4j", server.requests("/vcek").get(0).header("user-agent"));
        assertTrue(sleeper.sleeps.isEmpty());
    }

    @Test
    void postsBodyWithContentTypeAndExtraHeaders() throws Exception {
        byte[] ocspRequest = {0x30, 0x03, 0x02, 0x01, 0x07};
        server.route("/ocsp", Reply.ok(new byte[] {1, 2, 3}));
        CollateralRequest req = CollateralRequest.builder(server.uri("/ocsp"), CollateralKind.OCSP_RESPONSE)
                .post(ocspRequest, "application/ocsp-request").cacheKey("ocsp:serial-7").header("X-Trace", "t1")
                .build();

        FetchedCollateral got = source().build().fetch(req);

        assertArrayEquals(new byte[] {1, 2, 3}, got.body());
        FaultyHttpServer.RecordedRequest seen = server.requests("/ocsp").get(0);
        assertEquals("POST", seen.method());
        assertArrayEquals(ocspRequest, seen.body());
        assertEquals("application/ocsp-request", seen.header("content-type"));
        assertEquals("t1", seen.header("x-trace"));
    }

    @Test
    void retriesAfterTheDelayAdvertisedIn429RetryAfterSeconds() throws Exception {
        server.route("/kds", Reply.status(429).header("Retry-After", "7"), Reply.ok(new byte[] {42}));

        FetchedCollateral got = source().build().fetch(CollateralRequest.certificate(server.uri("/kds")));

        assertArrayEquals(new byte[] {42}, got.body());
        assertEquals(2, server.requestCount("/kds"));
        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.sleeps);
    }

    @Test
    void retriesAfterTheDelayAdvertisedAsHttpDate() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(3),
                ZoneOffset.UTC));
        server.route("/kds", Reply.status(503).header("Retry-After", date), Reply.ok(new byte[] {1}));

        source().build().fetch(CollateralRequest.certificate(server.uri("/kds")));

        assertEquals(2, server.requestCount("/kds"));
        assertEquals(List.of(Duration.ofSeconds(3)), sleeper.sleeps);
    }

    @Test
    void realRetryAfterDelayIsWaitedForWithTheSystemSleeper() throws Exception {
        server.route("/kds", Reply.status(429).header("Retry-After", "1"), Reply.ok(new byte[] {1}));
        HttpCollateralSource src = source().sleeper(Sleeper.system()).build();

        long t0 = System.nanoTime();
        src.fetch(CollateralRequest.certificate(server.uri("/kds")));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(2, server.requestCount("/kds"));
        assertTrue(ms >= 1000, "retried after " + ms + " ms, before the advertised 1 s");
        assertTrue(ms < 1000 + 2000, "took " + ms + " ms");
    }

    @Test
    void retryAfterLongerThanTheLimitEndsTheFetchWithoutRetrying() {
        server.route("/kds", Reply.status(429).header("Retry-After", "3600"), Reply.ok(new byte[] {1}));

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().maxRetryAfter(Duration.ofSeconds(30)).build()
                        .fetch(CollateralRequest.certificate(server.uri("/kds"))));

        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("3600"), e.getMessage());
        assertEquals(1, server.requestCount("/kds"));
        assertTrue(sleeper.sleeps.isEmpty());
    }

    @Test
    void retriesA500ThenSucceedsWithExponentialBackoff() throws Exception {
        server.route("/tcb", Reply.status(500), Reply.status(502), Reply.ok(new byte[] {9}));

        FetchedCollateral got = source().backoff(Duration.ofMillis(400), Duration.ofSeconds(5)).build()
                .fetch(CollateralRequest.certificate(server.uri("/tcb")));

        assertArrayEquals(new byte[] {9}, got.body());
        assertEquals(3, server.requestCount("/tcb"));
        assertEquals(2, sleeper.sleeps.size());
        // Equal jitter: the n-th wait lies in [base*2^(n-1)/2, base*2^(n-1)].
        assertBetween(sleeper.sleeps.get(0), Duration.ofMillis(200), Duration.ofMillis(400));
        assertBetween(sleeper.sleeps.get(1), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void a500ForeverStopsAfterMaxAttemptsWithARetryableError() {
        server.route("/tcb", Reply.status(500));

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().maxAttempts(3).build().fetch(CollateralRequest.certificate(server.uri("/tcb"))));

        assertTrue(e.isRetryable());
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("3 attempts"), e.getMessage());
        assertEquals(server.uri("/tcb").toString(), e.location().orElseThrow());
        assertEquals(3, server.requestCount("/tcb"));
        assertEquals(2, sleeper.sleeps.size());
    }

    @Test
    void overallDeadlineStopsRetriesBeforeMaxAttempts() {
        server.route("/tcb", Reply.status(503).header("Retry-After", "4"));

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().maxAttempts(10).deadline(Duration.ofSeconds(10)).build()
                        .fetch(CollateralRequest.certificate(server.uri("/tcb"))));

        // Waits of 4 s + 4 s fit in 10 s; a third would not.
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
        assertEquals(3, server.requestCount("/tcb"));
        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4)), sleeper.sleeps);
    }

    @Test
    void aResponseSlowerThanTheTimeoutFailsWithinItsBound() {
        server.route("/slow", Reply.ok(new byte[] {1}).delay(Duration.ofSeconds(20)));
        Duration timeout = Duration.ofMillis(500);

        long t0 = System.nanoTime();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().requestTimeout(timeout).maxAttempts(2).build()
                        .fetch(CollateralRequest.certificate(server.uri("/slow"))));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(ms < 2 * timeout.toMillis() + 2000, "returned after " + ms + " ms");
        assertEquals(2, server.requestCount("/slow"));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsCutOffByTheAttemptTimeout() {
        // The JDK's request timeout stops at the headers; the source must bound the body too.
        byte[] body = new byte[4096];
        server.route("/stall", Reply.ok(body).stallAfterHeaders(Duration.ofSeconds(20)));
        Duration timeout = Duration.ofMillis(500);

        long t0 = System.nanoTime();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().requestTimeout(timeout).maxAttempts(1).build()
                        .fetch(CollateralRequest.certificate(server.uri("/stall"))));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(e.isRetryable());
        assertTrue(ms < timeout.toMillis() + 2000, "returned after " + ms + " ms");
        assertEquals(1, server.requestCount("/stall"));
    }

    @Test
    void overallDeadlineBoundsSlowAttemptsInRealTime() {
        server.route("/slow", Reply.ok(new byte[] {1}).delay(Duration.ofSeconds(20)));

        long t0 = System.nanoTime();
        assertThrows(CollateralUnavailableException.class,
                () -> source().requestTimeout(Duration.ofSeconds(10)).deadline(Duration.ofMillis(700)).maxAttempts(5)
                        .build().fetch(CollateralRequest.certificate(server.uri("/slow"))));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(ms < 700 + 2000, "returned after " + ms + " ms");
    }

    @Test
    void aTruncatedBodyIsARetryableIoErrorNeverAShortDocument() throws Exception {
        byte[] crl = resource("rootcrl.der");
        server.route("/crl", Reply.ok(crl).truncatedAt(100));

        long t0 = System.nanoTime();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().maxAttempts(2).build().fetch(get(server.uri("/crl"), CollateralKind.CRL)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(e.isRetryable(), e.getMessage());
        assertTrue(rootCause(e) instanceof IOException, String.valueOf(rootCause(e)));
        assertTrue(e.getMessage().contains("bytes received: 100") || e.getMessage().contains("EOF"), e.getMessage());
        assertEquals(2, server.requestCount("/crl"));
        assertTrue(ms < 5000 + 2000, "returned after " + ms + " ms");
    }

    @Test
    void truncatedThenCompleteSucceedsOnRetry() throws Exception {
        byte[] crl = resource("rootcrl.der");
        server.route("/crl", Reply.ok(crl).truncatedAt(10), Reply.ok(crl));

        FetchedCollateral got = source().build().fetch(get(server.uri("/crl"), CollateralKind.CRL));

        assertArrayEquals(crl, got.body());
        assertEquals(2, server.requestCount("/crl"));
    }

    @Test
    void aConnectionDroppedWithoutAResponseIsRetried() throws Exception {
        server.route("/vcek", Reply.hangUp(), Reply.ok(new byte[] {3}));

        assertArrayEquals(new byte[] {3},
                source().build().fetch(CollateralRequest.certificate(server.uri("/vcek"))).body());
        // The JDK client itself retries an idempotent GET once when the connection closes before
        // any response, so this may not reach our retry loop.
        assertEquals(2, server.requestCount("/vcek"));
    }

    @Test
    void aServerThatAlwaysDropsTheConnectionIsARetryableErrorAfterMaxAttempts() {
        server.route("/vcek", Reply.hangUp());

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().maxAttempts(2).build().fetch(CollateralRequest.certificate(server.uri("/vcek"))));

        assertTrue(e.isRetryable());
        assertEquals(1, sleeper.sleeps.size());
        int requests = server.requestCount("/vcek");
        assertTrue(requests >= 2 && requests <= 4, requests + " requests");
    }

    @Test
    void anOversizedStreamedBodyIsRejectedWithoutReadingItAll() {
        long total = 512L << 20;
        server.route("/big", Reply.oversized(total));
        CollateralRequest req = CollateralRequest.builder(server.uri("/big"), CollateralKind.CERTIFICATE)
                .maxBytes(64 * 1024).build();

        long t0 = System.nanoTime();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().build().fetch(req));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("cap of 65536"), e.getMessage());
        assertEquals(1, server.requestCount("/big"));
        assertTrue(ms < 5000, "returned after " + ms + " ms");
        // The server stops at the client's hang-up, far short of the total (socket buffers hold a few MiB).
        long written = awaitStable(() -> server.bodyBytesWritten("/big"));
        assertTrue(written < total / 4, "server wrote " + written + " bytes");
    }

    @Test
    void aDeclaredContentLengthAboveTheCapIsRejectedBeforeTheBody() {
        server.route("/big", Reply.declaredOversized(100L << 20));
        CollateralRequest req = CollateralRequest.builder(server.uri("/big"), CollateralKind.CERTIFICATE)
                .maxBytes(1024).build();

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().build().fetch(req));

        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("declares 104857600 bytes"), e.getMessage());
        assertEquals(1, server.requestCount("/big"));
    }

    @Test
    void aBodyExactlyAtTheCapIsAccepted() throws Exception {
        byte[] body = new byte[1000];
        server.route("/exact", Reply.ok(body));
        CollateralRequest req = CollateralRequest.builder(server.uri("/exact"), CollateralKind.CERTIFICATE)
                .maxBytes(1000).build();

        assertEquals(1000, source().build().fetch(req).body().length);
    }

    @Test
    void garbageWhereACrlIsExpectedIsATypedErrorFromTheFreshnessReader() {
        server.route("/crl", Reply.garbage(3000, 1234));

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().build().fetch(get(server.uri("/crl"), CollateralKind.CRL)));

        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("not a valid X.509 CRL"), e.getMessage());
        assertEquals(server.uri("/crl").toString(), e.location().orElseThrow());
        assertEquals(1, server.requestCount("/crl"));
    }

    @Test
    void aCrlGetsItsNextUpdateFromTheDefaultReader() throws Exception {
        server.route("/crl", Reply.ok(resource("pckcrl")));

        FetchedCollateral got = source().build().fetch(get(server.uri("/crl"), CollateralKind.CRL));

        assertEquals(Instant.parse("2023-07-08T07:27:52Z"), got.nextUpdate().orElseThrow());
    }

    @Test
    void aRequestsOwnFreshnessReaderIsUsed() throws Exception {
        server.route("/tcb", Reply.ok("{\"nextUpdate\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        Instant expiry = Instant.parse("2023-07-01T00:00:00Z");
        CollateralRequest req = CollateralRequest.builder(server.uri("/tcb"), CollateralKind.TCB_INFO)
                .freshness((body, headers) -> java.util.Optional.of(expiry)).build();

        assertEquals(expiry, source().build().fetch(req).nextUpdate().orElseThrow());
    }

    @Test
    void notFoundIsTerminalAfterExactlyOneRequest() {
        server.route("/vcek", Reply.status(404));

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().build().fetch(CollateralRequest.certificate(server.uri("/vcek"))));

        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(1, server.requestCount("/vcek"));
        assertTrue(sleeper.sleeps.isEmpty());
    }

    @Test
    void otherClientErrorsAreTerminalToo() {
        server.route("/vcek", Reply.status(400));

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().build().fetch(CollateralRequest.certificate(server.uri("/vcek"))));

        assertFalse(e.isRetryable());
        assertEquals(1, server.requestCount("/vcek"));
    }

    @Test
    void plainHttpIsRefusedUnlessOptedIn() {
        server.route("/vcek", Reply.ok(new byte[] {1}));

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> HttpCollateralSource.builder().build().fetch(CollateralRequest.certificate(server.uri("/vcek"))));

        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("allowPlainHttp"), e.getMessage());
        assertEquals(0, server.requestCount("/vcek"));
    }

    @Test
    void otherSchemesAreRefused() {
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().build().fetch(CollateralRequest.certificate(URI.create("file:///etc/passwd"))));
        assertFalse(e.isRetryable());
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        URI closed;
        try (FaultyHttpServer other = FaultyHttpServer.start()) {
            closed = other.uri("/gone");
        }
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source().maxAttempts(2).build().fetch(CollateralRequest.certificate(closed)));
        assertTrue(e.isRetryable());
        assertEquals(1, sleeper.sleeps.size());
    }

    @Test
    void runsOnTheCallersExecutor() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            server.route("/vcek", Reply.ok(new byte[] {5}));
            HttpCollateralSource src = source().executor(r -> {
                tasks.incrementAndGet();
                pool.execute(r);
            }).build();

            assertArrayEquals(new byte[] {5}, src.fetch(CollateralRequest.certificate(server.uri("/vcek"))).body());
            assertTrue(tasks.get() > 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void interruptedWhileWaitingToRetryIsARetryableErrorAndKeepsTheFlag() {
        server.route("/kds", Reply.status(429).header("Retry-After", "1"));
        HttpCollateralSource src = source().sleeper(d -> {
            throw new InterruptedException();
        }).build();

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> src.fetch(CollateralRequest.certificate(server.uri("/kds"))));
        assertTrue(Thread.interrupted());
        assertTrue(e.isRetryable());
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static void assertBetween(Duration d, Duration min, Duration max) {
        assertTrue(d.compareTo(min) >= 0 && d.compareTo(max) <= 0, d + " not in [" + min + ", " + max + "]");
    }

    private static long awaitStable(java.util.function.LongSupplier value) {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            long v = value.getAsLong();
            if (v == last) {
                return v;
            }
            last = v;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return v;
            }
        }
        return last;
    }

    /** Records the waits and returns at once. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
        }
    }
}
