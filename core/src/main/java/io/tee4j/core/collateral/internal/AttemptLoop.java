package io.tee4j.core.collateral.internal;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The attempts of one fetch: each bounded by the per-attempt timeout and what is left of the
 * overall deadline, retried while the failure is retryable and attempts remain, waiting as the
 * {@link RetrySchedule} says between them. The deadline counts the real time spent in attempts
 * plus the waits asked of the {@link Sleeper}, so a test sleeper that returns at once still
 * advances it. One DEBUG line per attempt (method, URL, status, bytes, ms); never bodies or
 * request headers.
 */
public final class AttemptLoop {
    private final RedirectingAttempt attempt;
    private final RetrySchedule schedule;
    private final Sleeper sleeper;
    private final Duration requestTimeout;
    private final Duration deadline;
    private final int maxAttempts;
    private final Logger log;

    /**
     * @param log where the attempt lines go (the public source's logger, which users configure)
     */
    public AttemptLoop(RedirectingAttempt attempt, RetrySchedule schedule, Sleeper sleeper, Duration requestTimeout,
            Duration deadline, int maxAttempts, Logger log) {
        this.log = log;
        this.attempt = attempt;
        this.schedule = schedule;
        this.sleeper = sleeper;
        this.requestTimeout = requestTimeout;
        this.deadline = deadline;
        this.maxAttempts = maxAttempts;
    }

    /** The successful outcome (a 200 body), or the error the fetch ends with. */
    public Outcome run(RequestSpec request, URI first, Map<String, String> headers, String location)
            throws CollateralUnavailableException {
        String method = request.isPost() ? "POST" : "GET";
        long deadlineNanos = deadline.toNanos();
        long spentNanos = 0;
        Outcome last = null;
        for (int n = 1; ; n++) {
            long remaining = deadlineNanos - spentNanos;
            if (remaining <= 0) {
                throw RetrySchedule.exhausted(location, "the overall deadline of " + deadline.toMillis() + " ms passed",
                        n - 1, last);
            }
            Duration attemptTimeout = Duration.ofNanos(Math.min(requestTimeout.toNanos(), remaining));
            long start = System.nanoTime();
            Outcome outcome = attempt.run(request, first, headers, location, attemptTimeout);
            long elapsed = System.nanoTime() - start;
            spentNanos += elapsed;
            log(method, location, outcome, elapsed, n);
            if (outcome.error == null) {
                return outcome;
            }
            if (!outcome.retry) {
                throw outcome.error;
            }
            last = outcome;
            if (n >= maxAttempts) {
                throw RetrySchedule.exhausted(location, "gave up after " + n + " attempts", n, outcome);
            }
            Duration wait = schedule.waitAfter(n, outcome, location);
            if (spentNanos + wait.toNanos() >= deadlineNanos) {
                throw RetrySchedule.exhausted(location, "waiting " + wait.toMillis()
                        + " ms to retry would pass the overall deadline of " + deadline.toMillis() + " ms", n, outcome);
            }
            sleep(wait, location);
            spentNanos += wait.toNanos();
        }
    }

    private void sleep(Duration wait, String location) throws CollateralUnavailableException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollateralUnavailableException("interrupted while waiting to retry " + location, location, true,
                    e);
        }
    }

    private void log(String method, String location, Outcome outcome, long elapsedNanos, int n) {
        if (log.isDebugEnabled()) {
            log.debug("collateral fetch method={} url={} status={} bytes={} ms={} attempt={}/{} cache=miss{}",
                    method, location, outcome.status < 0 ? "-" : Integer.toString(outcome.status),
                    outcome.body == null ? 0 : outcome.body.length, TimeUnit.NANOSECONDS.toMillis(elapsedNanos), n,
                    maxAttempts, outcome.error == null ? "" : " error=\"" + outcome.error.getMessage() + "\"");
        }
    }
}
