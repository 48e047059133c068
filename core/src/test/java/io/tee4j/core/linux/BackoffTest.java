package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final List<Duration> sleeps = new ArrayList<>();

    @Test
    void defaultsAreDocumented() {
        Backoff d = Backoff.defaults();
        assertEquals(5, d.maxAttempts());
        assertEquals(Duration.ofMillis(50), d.initialDelay());
        assertEquals(Duration.ofSeconds(1), d.maxDelay());
        assertEquals(2, d.multiplier());
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)),
                List.of(d.delayAfter(1), d.delayAfter(2), d.delayAfter(3), d.delayAfter(4)));
        assertEquals(1, Backoff.none().maxAttempts());
    }

    @Test
    void delaysGrowAndAreCapped() throws Exception {
        Backoff b = Backoff.builder().maxAttempts(6).initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(300))
                .multiplier(3).sleeper(sleeps::add).build();
        AtomicInteger calls = new AtomicInteger();
        String result = b.run(() -> {
            if (calls.incrementAndGet() < 6) {
                throw new IOException("busy");
            }
            return "ok";
        }, IOException.class, e -> true);
        assertEquals("ok", result);
        assertEquals(6, calls.get());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(300)), sleeps);
        assertEquals(Duration.ofMillis(300), b.delayAfter(100), "no overflow on a large attempt number");
    }

    @Test
    void exhaustedRetriesThrowTheLastFailure() {
        Backoff b = Backoff.builder().maxAttempts(3).sleeper(sleeps::add).build();
        AtomicInteger calls = new AtomicInteger();
        IOException e = assertThrows(IOException.class, () -> b.run(() -> {
            throw new IOException("attempt " + calls.incrementAndGet());
        }, IOException.class, x -> true));
        assertEquals("attempt 3", e.getMessage());
        assertEquals(2, sleeps.size());
    }

    @Test
    void nonRetryableAndUncheckedFailuresPropagateAtOnce() {
        Backoff b = Backoff.builder().sleeper(sleeps::add).build();
        IOException fatal = new IOException("fatal");
        assertSame(fatal, assertThrows(IOException.class, () -> b.run(() -> {
            throw fatal;
        }, IOException.class, x -> false)));
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> b.run(() -> {
            throw bug;
        }, IOException.class, x -> true)));
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void interruptedSleepStopsAndKeepsTheInterrupt() {
        Backoff b = Backoff.builder().sleeper(d -> {
            throw new InterruptedException();
        }).build();
        AtomicInteger calls = new AtomicInteger();
        try {
            IOException e = assertThrows(IOException.class, () -> b.run(() -> {
                calls.incrementAndGet();
                throw new IOException("busy");
            }, IOException.class, x -> true));
            assertEquals(1, calls.get());
            assertEquals(1, e.getSuppressed().length);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void builderRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.builder().maxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> Backoff.builder().maxAttempts(101));
        assertThrows(IllegalArgumentException.class, () -> Backoff.builder().initialDelay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Backoff.builder().maxDelay(Duration.ofMinutes(2)));
        assertThrows(IllegalArgumentException.class, () -> Backoff.builder().multiplier(0));
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.builder().initialDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(1)).build());
        assertThrows(IllegalArgumentException.class, () -> Backoff.defaults().delayAfter(0));
        assertThrows(NullPointerException.class, () -> Backoff.builder().sleeper(null));
    }

    @Test
    void realSleeperSleeps() throws Exception {
        long start = System.nanoTime();
        Sleeper.system().sleep(Duration.ofMillis(20));
        assertTrue(System.nanoTime() - start >= 19_000_000L);
    }
}
