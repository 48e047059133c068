package io.tee4j.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between the attempts of a retried call (collateral downloads, busy guest devices). Code
 * that retries takes one, so tests can substitute a sleeper that records the waits and returns at
 * once.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits for {@code duration}; an interrupt ends the wait with {@link InterruptedException}. */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The real sleeper: {@link TimeUnit#sleep} for the duration, to the nanosecond; a zero or negative
     * duration returns at once and one too long to count in nanoseconds (about 292 years) waits that long.
     */
    static Sleeper system() {
        return d -> TimeUnit.NANOSECONDS.sleep(saturatedNanos(d));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
