package io.tee4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    @Test
    void refusesNonPositiveCapacityAndNulls() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<String, String>(0));
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<String, String>(-1));
        BoundedCache<String, String> c = new BoundedCache<>(2);
        assertThrows(NullPointerException.class, () -> c.put(null, "v"));
        assertThrows(NullPointerException.class, () -> c.put("k", null));
    }

    @Test
    void evictsTheLeastRecentlyUsedNotEverything() throws Exception {
        BoundedCache<String, Integer> c = new BoundedCache<>(3);
        c.put("a", 1);
        Thread.sleep(3);
        c.put("b", 2);
        Thread.sleep(3);
        c.put("c", 3);
        Thread.sleep(3);
        assertEquals(1, c.get("a")); // a is now the most recently used
        Thread.sleep(3);
        c.put("d", 4);
        assertEquals(3, c.size());
        assertNull(c.get("b"), "the least recently used entry goes");
        assertEquals(1, c.get("a"));
        assertEquals(3, c.get("c"));
        assertEquals(4, c.get("d"));
    }

    @Test
    void replacingAKeyInAFullCacheEvictsNothing() {
        BoundedCache<String, Integer> c = new BoundedCache<>(2);
        c.put("a", 1);
        c.put("b", 2);
        c.put("a", 3);
        assertEquals(2, c.size());
        assertEquals(3, c.get("a"));
        assertEquals(2, c.get("b"));
    }

    @Test
    void computeIfAbsentComputesOnceWhenPresentAndRespectsTheBound() {
        BoundedCache<Integer, String> c = new BoundedCache<>(4);
        AtomicInteger calls = new AtomicInteger();
        String v = c.computeIfAbsent(1, k -> "v" + k + calls.incrementAndGet());
        assertSame(v, c.computeIfAbsent(1, k -> "v" + k + calls.incrementAndGet()));
        assertEquals(1, calls.get());
        for (int i = 0; i < 100; i++) {
            c.computeIfAbsent(i, k -> "x");
        }
        assertEquals(4, c.size());
        assertThrows(NullPointerException.class, () -> c.computeIfAbsent(500, k -> null));
        c.remove(99);
        assertNull(c.get(99));
        c.clear();
        assertEquals(0, c.size());
    }

    /** Hostile load: many threads putting distinct keys never leave the cache above its bound. */
    @Test
    void boundHoldsUnderConcurrentPuts() throws Exception {
        int capacity = 16;
        BoundedCache<Integer, Integer> c = new BoundedCache<>(capacity);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * 100_000;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5_000; i++) {
                        c.put(base + i, i);
                        c.get(base + i / 2);
                        c.computeIfAbsent(-(base + i), k -> 0);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(c.size() <= capacity, "size " + c.size() + " exceeds " + capacity);
        assertTrue(c.size() > 0);
    }

    @Test
    void bytesKeyComparesExactBytesAndKeepsItsOwnCopy() {
        byte[] der = {1, 2, 3};
        BytesKey k = BytesKey.of(der);
        assertEquals(k, BytesKey.of(new byte[] {1, 2, 3}));
        assertEquals(k.hashCode(), BytesKey.of(new byte[] {1, 2, 3}).hashCode());
        assertNotEquals(k, BytesKey.of(new byte[] {1, 2, 3, 0}));
        assertNotEquals(k, BytesKey.of(new byte[] {1, 2}));
        assertNotEquals(BytesKey.of(new byte[0]), BytesKey.of(new byte[] {0}));
        Map<BytesKey, String> m = new HashMap<>();
        m.put(k, "x");
        der[0] = 9;
        assertEquals("x", m.get(BytesKey.of(new byte[] {1, 2, 3})), "changing the caller's array changes no key");
        assertEquals(3, k.length());
    }
}
