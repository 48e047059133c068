package io.tee4j.core.collateral.internal;

import io.tee4j.core.CollateralUnavailableException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the collateral source tries again: exponential backoff with equal jitter (from the initial
 * wait, doubling up to the maximum), the server's {@code Retry-After} when it sent one (refused
 * when longer than the limit), and the error a fetch ends with when it gives up.
 */
public final class RetrySchedule {
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;

    public RetrySchedule(Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetryAfter = maxRetryAfter;
    }

    /**
     * How long to wait after failed attempt number {@code attempt} (from 1).
     *
     * @throws CollateralUnavailableException (retryable) when the server asks for a longer wait
     *     than the limit
     */
    public Duration waitAfter(int attempt, Outcome outcome, String location) throws CollateralUnavailableException {
        if (outcome.retryAfter == null) {
            return backoff(attempt);
        }
        if (outcome.retryAfter.compareTo(maxRetryAfter) > 0) {
            throw new CollateralUnavailableException(outcome.error.getMessage() + "; the server asks to retry after "
                    + outcome.retryAfter.getSeconds() + " s, longer than the limit of " + maxRetryAfter.getSeconds()
                    + " s", location, true, outcome.error);
        }
        return outcome.retryAfter;
    }

    Duration backoff(int attempt) {
        long base = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        long d = base;
        for (int i = 1; i < attempt && d < cap; i++) {
            d = d > cap / 2 ? cap : d * 2;
        }
        d = Math.min(d, cap);
        long half = d / 2;
        return Duration.ofNanos(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    /** The retryable error a fetch ends with after {@code attempts}, the last one's error first. */
    public static CollateralUnavailableException exhausted(String location, String why, int attempts, Outcome last) {
        if (last == null) {
            return new CollateralUnavailableException("fetching " + location + " failed: " + why, location, true);
        }
        String count = why.startsWith("gave up") || attempts <= 0 ? ""
                : " (after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")";
        return new CollateralUnavailableException(last.error.getMessage() + "; " + why + count, location, true,
                last.error);
    }
}
