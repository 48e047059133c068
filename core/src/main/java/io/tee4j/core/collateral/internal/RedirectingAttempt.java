package io.tee4j.core.collateral.internal;

import io.tee4j.core.CollateralUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One attempt of a fetch: the request and the redirects it is answered with, all within one
 * timeout. Each hop passes the {@link UrlGate} as the first URL did, never goes from
 * {@code https} to {@code http}, and at most {@link Redirects#MAX_HOPS} are followed. Extra
 * headers (a PCCS API key) go only to the host and port of the first URL.
 */
public final class RedirectingAttempt {
    private final SingleExchange exchange;
    private final UrlGate gate;

    public RedirectingAttempt(SingleExchange exchange, UrlGate gate) {
        this.exchange = exchange;
        this.gate = gate;
    }

    /**
     * @param first the URL to send the first hop to (already checked by the gate)
     * @param location the URL named in errors
     */
    public Outcome run(RequestSpec request, URI first, Map<String, String> extraHeaders, String location,
            Duration timeout) throws CollateralUnavailableException {
        long end = System.nanoTime() + timeout.toNanos();
        URI uri = first;
        boolean post = request.isPost();
        for (int hop = 0; ; hop++) {
            String method = post ? "POST" : "GET";
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Outcome.failure(-1, new CollateralUnavailableException(method + " " + location + " timed out after "
                        + timeout.toMillis() + " ms (following redirects)", location, true), true, null);
            }
            Map<String, String> headers = sameOrigin(first, uri) ? extraHeaders : Map.of();
            Outcome outcome = exchange.exchange(request, uri, post, headers, location, Duration.ofNanos(left));
            if (outcome.redirectLocation == null) {
                return outcome;
            }
            URI next = target(uri, outcome, hop, method, location);
            post = post && !Redirects.becomesGet(outcome.status);
            uri = next;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    /** Where a redirect leads, once it passed the checks of a first URL; otherwise a non-retryable failure. */
    private URI target(URI current, Outcome redirect, int hop, String method, String location)
            throws CollateralUnavailableException {
        String prefix = method + " " + location + " answered HTTP " + redirect.status;
        URI next = Redirects.target(current, redirect.redirectLocation).orElseThrow(() ->
                new CollateralUnavailableException(prefix + " without a usable Location", location, false));
        if (hop + 1 > Redirects.MAX_HOPS) {
            throw new CollateralUnavailableException(prefix + ": more than " + Redirects.MAX_HOPS + " redirects",
                    location, false);
        }
        if (Redirects.downgrades(current, next)) {
            throw new CollateralUnavailableException(prefix + ": refusing the redirect from https to " + next, location,
                    false);
        }
        try {
            gate.check(next, false);
        } catch (CollateralUnavailableException e) {
            throw new CollateralUnavailableException(prefix + ": refusing the redirect: " + e.getMessage(), location,
                    false);
        }
        return next;
    }
}
