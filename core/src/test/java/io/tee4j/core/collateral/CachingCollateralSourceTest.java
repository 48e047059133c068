package io.tee4j.core.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.collateral.internal.EntryMetadata;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingCollateralSourceTest {
    static final Instant PCK_CRL_NEXT_UPDATE = Instant.parse("2023-07-08T07:27:52Z");
    static final Instant ROOT_CRL_NEXT_UPDATE = Instant.parse("2024-04-02T10:22:51Z");

    @TempDir
    Path tmp;

    private FaultyHttpServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2023-06-10T00:00:00Z"));
    private byte[] pckCrl;
    private byte[] rootCrl;

    @BeforeEach
    void setUp() throws IOException {
        server = FaultyHttpServer.start();
        pckCrl = HttpCollateralSourceTest.resource("pckcrl");
        rootCrl = HttpCollateralSourceTest.resource("rootcrl.der");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private HttpCollateralSource http() {
        return HttpCollateralSource.builder().allowPlainHttp().clock(clock).sleeper(d -> { })
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    private CachingCollateralSource.Builder cache() {
        return CachingCollateralSource.builder(http()).clock(clock);
    }

    private static CollateralRequest crl(URI uri) {
        return CollateralRequest.builder(uri, CollateralKind.CRL).build();
    }

    /** A delegate that must not be called. */
    private static final class CountingDelegate implements CollateralSource {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
            calls.incrementAndGet();
            throw new CollateralUnavailableException("delegate called", request.uri().toString(), false);
        }
    }

    @Test
    void aCertificateIsFetchedOnceThenServedFromMemory() throws Exception {
        byte[] cert = "vcek".getBytes(StandardCharsets.US_ASCII);
        server.route("/vcek", Reply.ok(cert).header("X-Issuer", "ask"));
        CachingCollateralSource src = cache().build();
        CollateralRequest req = CollateralRequest.certificate(server.uri("/vcek"));

        FetchedCollateral first = src.fetch(req);
        clock.advance(Duration.ofDays(3650));
        FetchedCollateral second = src.fetch(req);

        assertFalse(first.fromCache());
        assertTrue(second.fromCache());
        assertArrayEquals(cert, second.body());
        assertEquals("ask", second.header("x-issuer").orElseThrow());
        assertEquals(1, server.requestCount("/vcek"));
    }

    @Test
    void aCertificateSurvivesARestartThroughTheDirectory() throws Exception {
        byte[] cert = "vcek".getBytes(StandardCharsets.US_ASCII);
        server.route("/vcek", Reply.ok(cert).header("X-Issuer", "ask"));
        CollateralRequest req = CollateralRequest.certificate(server.uri("/vcek"));
        cache().directory(tmp).build().fetch(req);

        FetchedCollateral again = CollateralSources.offline(tmp, clock).fetch(req);

        assertArrayEquals(cert, again.body());
        assertTrue(again.fromCache());
        assertEquals(server.uri("/vcek").toString(), again.location());
        assertEquals(clock.instant(), again.fetchedAt());
        assertEquals("ask", again.header("x-issuer").orElseThrow());
        assertEquals(1, server.requestCount("/vcek"));
    }

    @Test
    void aCrlIsServedUntilItsNextUpdateAndRefetchedAfter() throws Exception {
        server.route("/crl", Reply.ok(pckCrl), Reply.ok(rootCrl));
        CachingCollateralSource src = cache().directory(tmp).build();
        CollateralRequest req = crl(server.uri("/crl"));

        assertEquals(PCK_CRL_NEXT_UPDATE, src.fetch(req).nextUpdate().orElseThrow());
        clock.set(PCK_CRL_NEXT_UPDATE.minusSeconds(1));
        FetchedCollateral cached = src.fetch(req);
        assertTrue(cached.fromCache());
        assertArrayEquals(pckCrl, cached.body());
        assertEquals(1, server.requestCount("/crl"));

        clock.set(PCK_CRL_NEXT_UPDATE);
        FetchedCollateral refreshed = src.fetch(req);
        assertFalse(refreshed.fromCache());
        assertArrayEquals(rootCrl, refreshed.body());
        assertEquals(2, server.requestCount("/crl"));

        assertTrue(src.fetch(req).fromCache());
        assertEquals(2, server.requestCount("/crl"));
        assertArrayEquals(rootCrl, CollateralSources.offline(tmp, clock).fetch(req).body());
    }

    @Test
    void aCrlAlreadyPastItsNextUpdateIsReturnedButNotCached() throws Exception {
        server.route("/crl", Reply.ok(pckCrl));
        clock.set(PCK_CRL_NEXT_UPDATE.plusSeconds(60));
        CachingCollateralSource src = cache().directory(tmp).build();

        src.fetch(crl(server.uri("/crl")));
        src.fetch(crl(server.uri("/crl")));

        assertEquals(2, server.requestCount("/crl"));
        assertFalse(Files.exists(CollateralDirectory.at(tmp).bodyFile(server.uri("/crl").toString())));
    }

    @Test
    void aDirectoryCrlIsNeverServedPastTheNextUpdateInItsBodyWhateverTheMetadataSays() throws Exception {
        String key = "https://pcs.example/crl";
        byte[] meta = new EntryMetadata(key, CollateralKind.CRL.name(), EntryMetadata.sha256Hex(pckCrl), null,
                Instant.parse("2099-01-01T00:00:00Z"), key, Map.of()).encode();
        CollateralDirectory dir = CollateralDirectory.at(tmp);
        dir.put(key, CollateralKind.CRL, pckCrl);
        Files.write(dir.metadataFile(key), meta);

        CollateralRequest req = crl(URI.create(key));
        clock.set(PCK_CRL_NEXT_UPDATE.minusSeconds(1));
        assertEquals(PCK_CRL_NEXT_UPDATE, CollateralSources.offline(tmp, clock).fetch(req).nextUpdate().orElseThrow());

        clock.set(PCK_CRL_NEXT_UPDATE);
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> CollateralSources.offline(tmp, clock).fetch(req));
        assertTrue(e.getMessage().contains("expired at " + PCK_CRL_NEXT_UPDATE), e.getMessage());
        assertFalse(e.isRetryable());
    }

    @Test
    void anExpiringKindWithoutExpiryInformationIsNotCached() throws Exception {
        server.route("/ocsp", Reply.ok(new byte[] {1, 2}));
        CachingCollateralSource src = cache().directory(tmp).build();
        CollateralRequest req = CollateralRequest.builder(server.uri("/ocsp"), CollateralKind.OCSP_RESPONSE)
                .post(new byte[] {9}, "application/ocsp-request").cacheKey("ocsp:1").build();

        assertFalse(src.fetch(req).fromCache());
        assertFalse(src.fetch(req).fromCache());

        assertEquals(2, server.requestCount("/ocsp"));
        assertFalse(Files.exists(tmp.resolve("v1")));
    }

    @Test
    void aKindWithItsOwnReaderIsCachedUntilTheInstantItReads() throws Exception {
        server.route("/tcb", Reply.ok("{}".getBytes(StandardCharsets.UTF_8)));
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        CollateralRequest req = CollateralRequest.builder(server.uri("/tcb"), CollateralKind.TCB_INFO)
                .freshness((body, headers) -> Optional.of(expiry)).build();
        CachingCollateralSource src = cache().build();

        src.fetch(req);
        assertTrue(src.fetch(req).fromCache());
        clock.advance(Duration.ofHours(1));
        assertFalse(src.fetch(req).fromCache());
        assertEquals(2, server.requestCount("/tcb"));
    }

    @Test
    void aDelegateThatSetsNoNextUpdateGetsTheDefaultCrlReader() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CollateralSource fake = request -> {
            calls.incrementAndGet();
            return new FetchedCollateral(rootCrl, Map.of(), "fake", clock.instant(), null, false);
        };
        CachingCollateralSource src = CachingCollateralSource.builder(fake).clock(clock).build();
        CollateralRequest req = crl(URI.create("https://kds.example/crl"));

        assertEquals(ROOT_CRL_NEXT_UPDATE, src.fetch(req).nextUpdate().orElseThrow());
        assertTrue(src.fetch(req).fromCache());
        assertEquals(1, calls.get());
    }

    @Test
    void garbageWhereACrlIsExpectedIsATypedErrorAndNothingIsCached() {
        server.route("/crl", Reply.garbage(500, 7));
        CachingCollateralSource src = cache().directory(tmp).build();

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> src.fetch(crl(server.uri("/crl"))));

        assertFalse(e.isRetryable());
        assertFalse(Files.exists(tmp.resolve("v1")));
    }

    @Test
    void offlineAMissNeverTouchesTheDelegateAndSaysHowToPreload() {
        CountingDelegate delegate = new CountingDelegate();
        CachingCollateralSource src = CachingCollateralSource.builder(delegate).clock(clock).directory(tmp).offline()
                .build();
        String key = "https://kdsintf.amd.com/vcek/v1/Milan/abc";

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> src.fetch(CollateralRequest.certificate(URI.create(key))));

        assertEquals(0, delegate.calls.get());
        assertFalse(e.isRetryable());
        assertEquals(key, e.location().orElseThrow());
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains("preload it into " + tmp)
                && e.getMessage().contains("not cached"), e.getMessage());
    }

    @Test
    void offlineServesWhatWasPreloadedInCode() throws Exception {
        CountingDelegate delegate = new CountingDelegate();
        String certKey = "https://kds.example/vcek";
        String crlKey = "https://kds.example/crl";
        CachingCollateralSource src = CachingCollateralSource.builder(delegate).clock(clock).offline()
                .preload(Map.of(certKey, new byte[] {7}, crlKey, pckCrl)).build();

        assertArrayEquals(new byte[] {7}, src.fetch(CollateralRequest.certificate(URI.create(certKey))).body());
        FetchedCollateral c = src.fetch(crl(URI.create(crlKey)));
        assertTrue(c.fromCache());
        assertEquals(PCK_CRL_NEXT_UPDATE, c.nextUpdate().orElseThrow());

        clock.set(PCK_CRL_NEXT_UPDATE);
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> src.fetch(crl(URI.create(crlKey))));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        assertEquals(0, delegate.calls.get());
    }

    @Test
    void offlineServesAPreloadedDirectoryWithHeaders() throws Exception {
        String key = "https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca=platform";
        CollateralDirectory.at(tmp).put(key, CollateralKind.CRL, pckCrl,
                Map.of("sgx-pck-crl-issuer-chain", List.of("chain")), Instant.parse("2023-06-09T00:00:00Z"));

        FetchedCollateral got = CollateralSources.offline(tmp, clock).fetch(crl(URI.create(key)));

        assertArrayEquals(pckCrl, got.body());
        assertEquals("chain", got.header("SGX-PCK-CRL-Issuer-Chain").orElseThrow());
        assertEquals(Instant.parse("2023-06-09T00:00:00Z"), got.fetchedAt());
        assertTrue(got.fromCache());
    }

    @Test
    void theSameKeyAskedAsAnotherKindIsAMiss() throws Exception {
        String key = "https://kds.example/x";
        CollateralDirectory.at(tmp).put(key, CollateralKind.CERTIFICATE, new byte[] {1});

        assertThrows(CollateralUnavailableException.class,
                () -> CollateralSources.offline(tmp, clock).fetch(CollateralRequest.builder(URI.create(key),
                        CollateralKind.IMMUTABLE_DOCUMENT).build()));
    }

    @Test
    void concurrentMissesForOneKeyAreCoalescedIntoOneRequest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        byte[] cert = new byte[] {1, 2, 3};
        server.route("/vcek", Reply.ok(cert).awaiting(gate));
        CachingCollateralSource src = cache().directory(tmp).build();
        CollateralRequest req = CollateralRequest.certificate(server.uri("/vcek"));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<FetchedCollateral>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> src.fetch(req)));
            }
            assertTrue(server.awaitRequests("/vcek", 1, Duration.ofSeconds(10)));
            awaitAllWaiting("pool-", threads);
            gate.countDown();
            for (Future<FetchedCollateral> f : results) {
                assertArrayEquals(cert, f.get(10, TimeUnit.SECONDS).body());
            }
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        assertEquals(1, server.requestCount("/vcek"));
    }

    @Test
    void aCoalescedFailureReachesEveryWaiterAfterOneRequest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        server.route("/vcek", Reply.status(404).awaiting(gate));
        CachingCollateralSource src = cache().build();
        CollateralRequest req = CollateralRequest.certificate(server.uri("/vcek"));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<FetchedCollateral>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> src.fetch(req)));
            }
            assertTrue(server.awaitRequests("/vcek", 1, Duration.ofSeconds(10)));
            awaitAllWaiting("pool-", threads);
            gate.countDown();
            for (Future<FetchedCollateral> f : results) {
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> f.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof CollateralUnavailableException, String.valueOf(e.getCause()));
                assertFalse(((CollateralUnavailableException) e.getCause()).isRetryable());
            }
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        assertEquals(1, server.requestCount("/vcek"));
    }

    /** Waits until {@code n} threads named with {@code prefix} are parked (bounded). */
    private static void awaitAllWaiting(String prefix, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            long parked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(prefix))
                    .filter(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                    .filter(t -> Arrays.stream(t.getStackTrace()).anyMatch(
                            f -> f.getClassName().startsWith("io.tee4j.core.collateral.")))
                    .count();
            if (parked >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("threads did not all reach the cache");
    }

    @Test
    void writesAreAtomicAReaderNeverSeesAPartialFile() throws Exception {
        CollateralDirectory dir = CollateralDirectory.at(tmp);
        String key = "https://kds.example/big";
        byte[] a = new byte[256 * 1024];
        Arrays.fill(a, (byte) 'a');
        byte[] b = new byte[100_000];
        Arrays.fill(b, (byte) 'b');
        dir.put(key, CollateralKind.CERTIFICATE, a);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> bad = new ArrayList<>();
        Thread reader = new Thread(() -> {
            CachingCollateralSource offline = CachingCollateralSource.builder(CollateralSource.none()).clock(clock)
                    .directory(tmp).offline().memoryEntries(0).build();
            while (!done.get()) {
                try {
                    byte[] raw = Files.readAllBytes(dir.bodyFile(key));
                    if (!Arrays.equals(raw, a) && !Arrays.equals(raw, b)) {
                        bad.add("raw body of " + raw.length + " bytes");
                    }
                    byte[] served = offline.fetch(CollateralRequest.builder(URI.create(key), CollateralKind.CERTIFICATE)
                            .maxBytes(2 << 20).build()).body();
                    if (!Arrays.equals(served, a) && !Arrays.equals(served, b)) {
                        bad.add("served body of " + served.length + " bytes");
                    }
                    reads.incrementAndGet();
                } catch (CollateralUnavailableException e) {
                    // A body and metadata from different writes: ignored as corrupt, which is correct.
                    reads.incrementAndGet();
                } catch (IOException e) {
                    bad.add(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 40; i++) {
            dir.put(key, CollateralKind.CERTIFICATE, i % 2 == 0 ? b : a);
        }
        done.set(true);
        reader.join(10_000);
        assertTrue(bad.isEmpty(), bad.toString());
        assertTrue(reads.get() > 0);
        try (Stream<Path> files = Files.list(tmp.resolve("v1"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), names.toString());
        }
    }

    @Test
    void aCorruptedBodyFileIsIgnoredAndRefetched() throws Exception {
        byte[] cert = "vcek-certificate".getBytes(StandardCharsets.US_ASCII);
        server.route("/vcek", Reply.ok(cert));
        CollateralRequest req = CollateralRequest.certificate(server.uri("/vcek"));
        cache().directory(tmp).build().fetch(req);
        Path body = CollateralDirectory.at(tmp).bodyFile(req.cacheKey());
        byte[] damaged = Files.readAllBytes(body);
        damaged[3] ^= 1;
        Files.write(body, damaged);

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> CollateralSources.offline(tmp, clock).fetch(req));
        assertTrue(e.getMessage().contains("not cached"), e.getMessage());

        FetchedCollateral got = cache().directory(tmp).build().fetch(req);
        assertArrayEquals(cert, got.body());
        assertFalse(got.fromCache());
        assertEquals(2, server.requestCount("/vcek"));
        assertArrayEquals(cert, CollateralSources.offline(tmp, clock).fetch(req).body());
    }

    @Test
    void corruptOrMisplacedMetadataIsNeverTrusted() throws Exception {
        CollateralDirectory dir = CollateralDirectory.at(tmp);
        String key = "https://kds.example/vcek";
        String other = "https://kds.example/other";
        CollateralRequest req = CollateralRequest.certificate(URI.create(key));
        dir.put(other, CollateralKind.CERTIFICATE, new byte[] {6});
        Files.copy(dir.bodyFile(other), dir.bodyFile(key));
        Files.copy(dir.metadataFile(other), dir.metadataFile(key));
        assertThrows(CollateralUnavailableException.class, () -> CollateralSources.offline(tmp, clock).fetch(req));

        for (byte[] garbage : List.of(new byte[0], "format=tee4j-collateral-cache-1\nkey=x".getBytes(
                StandardCharsets.ISO_8859_1), "\\u12".getBytes(StandardCharsets.ISO_8859_1), new byte[70_000])) {
            dir.put(key, CollateralKind.CERTIFICATE, new byte[] {5});
            Files.write(dir.metadataFile(key), garbage);
            assertThrows(CollateralUnavailableException.class, () -> CollateralSources.offline(tmp, clock).fetch(req));
        }
    }

    @Test
    void aBodyFileLargerThanTheRequestsCapIsIgnored() throws Exception {
        String key = "https://kds.example/vcek";
        CollateralDirectory.at(tmp).put(key, CollateralKind.CERTIFICATE, new byte[5000]);
        CollateralRequest small = CollateralRequest.builder(URI.create(key), CollateralKind.CERTIFICATE)
                .maxBytes(4096).build();
        assertThrows(CollateralUnavailableException.class, () -> CollateralSources.offline(tmp, clock).fetch(small));
    }

    @Test
    void anUnwritableCacheDirectoryDoesNotFailTheFetch() throws Exception {
        byte[] cert = new byte[] {4, 2};
        server.route("/vcek", Reply.ok(cert));
        Files.write(tmp.resolve("v1"), new byte[] {0}); // a file where the entries folder belongs: every write fails
        CachingCollateralSource src = cache().directory(tmp).build();
        CollateralRequest req = CollateralRequest.certificate(server.uri("/vcek"));

        assertArrayEquals(cert, src.fetch(req).body());
        assertTrue(src.fetch(req).fromCache());
        assertEquals(1, server.requestCount("/vcek"));
    }

    @Test
    void aReadOnlyCacheDirectoryDoesNotFailTheFetch() throws Exception {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(ro), "running as root: permissions are not enforced");
            server.route("/vcek", Reply.ok(new byte[] {1}));
            assertArrayEquals(new byte[] {1}, cache().directory(ro).build()
                    .fetch(CollateralRequest.certificate(server.uri("/vcek"))).body());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void memoryIsBoundedAndEvictsTheLeastRecentlyUsed() throws Exception {
        server.route("/a", Reply.ok(new byte[] {1}));
        server.route("/b", Reply.ok(new byte[] {2}));
        CachingCollateralSource src = cache().memoryEntries(1).build();
        CollateralRequest a = CollateralRequest.certificate(server.uri("/a"));
        CollateralRequest b = CollateralRequest.certificate(server.uri("/b"));

        src.fetch(a);
        src.fetch(b);
        src.fetch(a);

        assertEquals(2, server.requestCount("/a"));
        assertEquals(1, server.requestCount("/b"));
    }

    @Test
    void memoryIsBoundedInBytesToo() throws Exception {
        server.route("/a", Reply.ok(new byte[600]));
        server.route("/b", Reply.ok(new byte[600]));
        CachingCollateralSource src = cache().memoryBytes(1000).build();
        CollateralRequest a = CollateralRequest.certificate(server.uri("/a"));
        CollateralRequest b = CollateralRequest.certificate(server.uri("/b"));

        src.fetch(a);
        assertTrue(src.fetch(a).fromCache());
        src.fetch(b);
        assertTrue(src.fetch(b).fromCache());
        assertFalse(src.fetch(a).fromCache());

        assertEquals(2, server.requestCount("/a"));
        assertEquals(1, server.requestCount("/b"));
    }

    @Test
    void defaultCacheDirectoryFollowsXdg() {
        assertEquals(Path.of("/xdg/tee4j/collateral"),
                CollateralSources.defaultCacheDirectory(Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/tee4j/collateral"),
                CollateralSources.defaultCacheDirectory(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/tee4j/collateral"),
                CollateralSources.defaultCacheDirectory(Map.of(), "/home/u"));
        assertNotNull(CollateralSources.defaultCacheDirectory());
    }

    @Test
    void onlineFactoryRefusesPlainHttp() {
        server.route("/vcek", Reply.ok(new byte[] {1}));
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> CollateralSources.online(tmp, clock).fetch(CollateralRequest.certificate(server.uri("/vcek"))));
        assertFalse(e.isRetryable());
        assertEquals(0, server.requestCount("/vcek"));
    }
}
