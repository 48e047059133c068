package io.tee4j.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {
    @Test
    void systemSleeperWaitsAndReturnsAtOnceForNonPositiveDurations() throws Exception {
        long t0 = System.nanoTime();
        Sleeper.system().sleep(Duration.ofMillis(20));
        assertTrue(System.nanoTime() - t0 >= 19_000_000L);
        t0 = System.nanoTime();
        Sleeper.system().sleep(Duration.ZERO);
        Sleeper.system().sleep(Duration.ofSeconds(-5));
        Sleeper.system().sleep(Duration.ofSeconds(Long.MIN_VALUE));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
    }

    @Test
    void anInterruptEndsAHugeWaitWithoutOverflow() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Sleeper.system().sleep(Duration.ofSeconds(Long.MAX_VALUE)));
        assertTrue(!Thread.interrupted());
    }
}
