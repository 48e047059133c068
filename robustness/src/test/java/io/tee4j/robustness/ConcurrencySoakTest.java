package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.HttpCollateralSource;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.simulator.FakePcs;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads verify a mix of evidence from every backend, each item with its verdict known in
 * advance (computed sequentially before the soak): the real vectors untouched (accepted) and with a
 * flipped signed byte (rejected with the class the sequential run saw), each both one-shot and
 * through one prepared verifier per vector shared by all threads (warm caches must not change a
 * verdict), and TDX simulator quotes
 * verified online through a loopback PCS, a memory and disk cache whose clock a mover thread swings
 * back and forth across the collateral's nextUpdate (so entries expire and are refetched while other
 * threads read them), judged at times inside and past the collateral window. Zero wrong verdicts, no
 * deadlock (the pool must finish within a minute of the deadline), heap growth bounded.
 *
 * <p>Duration and threads: {@code -Drobustness.soak.seconds=N} (default 10),
 * {@code -Drobustness.soak.threads=N} (default 8). Seed: {@code -Drobustness.seed=N}.
 */
class ConcurrencySoakTest {
    private static final long SEED = Long.getLong("robustness.seed", System.nanoTime());
    private static final int SECONDS = Integer.getInteger("robustness.soak.seconds", 10);
    private static final int THREADS = Integer.getInteger("robustness.soak.threads", 8);

    @TempDir
    Path tmp;

    /** One item of work and the verdict it must get (null: accepted). */
    record Item(String name, Check check, FailureClass expected) {
    }

    interface Check {
        FailureClass run() throws Exception;
    }

    private static FailureClass tdxVerdict(TdxVerifier v, byte[] quote) {
        try {
            v.verify(quote, TdxPolicy.defaults());
            return null;
        } catch (AttestationException e) {
            return e.failureClass();
        }
    }

    @Test
    void mixedEvidenceManyThreads() throws Exception {
        System.out.println("ConcurrencySoakTest seed=" + SEED + " seconds=" + SECONDS + " threads=" + THREADS);
        Random rnd = new Random(SEED);
        List<Item> items = new ArrayList<>();
        for (RealVectors.Case c : RealVectors.all(tmp)) {
            items.add(new Item(c + " genuine", () -> c.verdict(c.evidence()), null));
            items.add(new Item(c + " genuine, prepared", () -> c.preparedVerdict(c.evidence()), null));
            for (int k = 0; k < 4; k++) {
                byte[] m = c.evidence().clone();
                int i = c.signedFrom() + rnd.nextInt(c.signedTo() - c.signedFrom());
                m[i] ^= (byte) (1 << rnd.nextInt(8));
                FailureClass known = c.verdict(m);
                assertTrue(known != null, c + " flip at " + i + " accepted");
                items.add(new Item(c + " flip@" + i, () -> c.verdict(m), known));
                items.add(new Item(c + " flip@" + i + ", prepared", () -> c.preparedVerdict(m), known));
            }
        }
        // TDX online: simulator + loopback PCS + a cache on a clock that swings across nextUpdate.
        Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
        TdxSimulator sim = TdxSimulator.builder().clock(Clock.fixed(t0, ZoneOffset.UTC)).build();
        MovableClock cacheClock = new MovableClock(t0.plus(Duration.ofDays(1)));
        try (FakePcs pcs = FakePcs.start(sim, HexFormat.of().parseHex("00906ed50000"))) {
            CachingCollateralSource cache = CachingCollateralSource.builder(
                    HttpCollateralSource.builder().allowPlainHttp().build()).clock(cacheClock)
                    .directory(tmp.resolve("cache")).build();
            IntelPcs intel = IntelPcs.at(pcs.baseUri(), pcs.rootCaCrlUri(), cache);
            TdxVerifier inWindow = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).pcs(intel)
                    .clock(Clock.fixed(t0.plus(Duration.ofDays(2)), ZoneOffset.UTC)).build();
            TdxVerifier stale = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).pcs(intel)
                    .clock(Clock.fixed(t0.plus(Duration.ofDays(45)), ZoneOffset.UTC)).build();
            byte[] quote = sim.quote(new byte[64]);
            byte[] forged = quote.clone();
            forged[100] ^= 1;
            items.add(new Item("tdx-sim online genuine", () -> tdxVerdict(inWindow, quote), null));
            items.add(new Item("tdx-sim online forged", () -> tdxVerdict(inWindow, forged),
                    FailureClass.VERIFICATION_FAILED));
            items.add(new Item("tdx-sim online stale", () -> tdxVerdict(stale, quote),
                    FailureClass.COLLATERAL_UNAVAILABLE));
            for (Item it : items) {
                assertEquals(it.expected(), it.check().run(), "sequential " + it.name());
            }

            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            LongAdder verifications = new LongAdder();
            AtomicLong swings = new AtomicLong();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            pool.submit(() -> {
                boolean late = false;
                while (System.nanoTime() < deadline) {
                    late = !late;
                    cacheClock.set(t0.plus(Duration.ofDays(late ? 40 : 1)));
                    swings.incrementAndGet();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            for (int t = 0; t < THREADS; t++) {
                long threadSeed = SEED + t;
                pool.submit(() -> {
                    Random r = new Random(threadSeed);
                    while (System.nanoTime() < deadline) {
                        Item it = items.get(r.nextInt(items.size()));
                        try {
                            FailureClass got = it.check().run();
                            if (!Objects.equals(got, it.expected())) {
                                wrong.add(it.name() + ": expected " + it.expected() + ", got " + got);
                            }
                        } catch (Throwable e) {
                            wrong.add(it.name() + ": " + e);
                        }
                        verifications.increment();
                    }
                });
            }
            pool.shutdown();
            boolean finished = pool.awaitTermination(SECONDS + 60L, TimeUnit.SECONDS);
            if (!finished) {
                pool.shutdownNow();
            }
            System.gc();
            long heapAfter = rt.totalMemory() - rt.freeMemory();
            System.out.printf("ConcurrencySoakTest: %d threads, %d s, %d verifications of %d items, %d clock swings,"
                    + " %d loopback PCS requests, %d wrong verdicts, heap %d -> %d MiB%n", THREADS, SECONDS,
                    verifications.sum(), items.size(), swings.get(), pcs.requests(), wrong.size(), heapBefore >> 20,
                    heapAfter >> 20);
            assertTrue(finished, "verifier threads still running a minute past the deadline (deadlock?)");
            assertTrue(wrong.isEmpty(), "seed " + SEED + ": " + wrong.stream().limit(20).toList());
            assertTrue(pcs.requests() > 8, "the cache never expired and refetched");
            assertTrue(heapAfter - heapBefore < 256L << 20, "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MiB");
        }
    }
}
