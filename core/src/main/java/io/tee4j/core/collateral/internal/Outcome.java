package io.tee4j.core.collateral.internal;

import io.tee4j.core.CollateralUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The result of one HTTP exchange or attempt of the collateral source: a body, a failure (with
 * whether it may be retried and the server's {@code Retry-After}), or a redirect to follow.
 */
public final class Outcome {
    /** The HTTP status, or -1 when no response came (timeout, I/O error). */
    public final int status;
    /** The body of a 200; null otherwise. */
    public final byte[] body;
    /** Response headers, names in lower case; empty for a failure. */
    public final Map<String, List<String>> headers;
    /** What the fetch fails with; null for a success. */
    public final CollateralUnavailableException error;
    /** Whether another attempt may succeed (408, 429, most 5xx, timeouts, I/O errors). */
    public final boolean retry;
    /** The server's {@code Retry-After}, when it sent a usable one with a retryable status. */
    public final Duration retryAfter;
    /** The {@code Location} of a redirect ("" when absent); null for any other answer. */
    public final String redirectLocation;

    private Outcome(int status, byte[] body, Map<String, List<String>> headers, CollateralUnavailableException error,
            boolean retry, Duration retryAfter, String redirectLocation) {
        this.status = status;
        this.body = body;
        this.headers = headers;
        this.error = error;
        this.retry = retry;
        this.retryAfter = retryAfter;
        this.redirectLocation = redirectLocation;
    }

    public static Outcome success(byte[] body, Map<String, List<String>> headers) {
        return new Outcome(200, body, headers, null, false, null, null);
    }

    public static Outcome failure(int status, CollateralUnavailableException error, boolean retry,
            Duration retryAfter) {
        return new Outcome(status, null, Map.of(), error, retry, retryAfter, null);
    }

    /** A redirect to follow; its error is what the fetch fails with if it is not followed. */
    public static Outcome redirect(int status, CollateralUnavailableException error, String location) {
        return new Outcome(status, null, Map.of(), error, false, null, location);
    }
}
