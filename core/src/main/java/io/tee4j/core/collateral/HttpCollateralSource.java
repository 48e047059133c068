package io.tee4j.core.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Sleeper;
import io.tee4j.core.collateral.internal.BoundedBodySubscriber;
import io.tee4j.core.collateral.internal.HostAllowList;
import io.tee4j.core.collateral.internal.Redirects;
import io.tee4j.core.collateral.internal.RetryAfter;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches collateral over HTTP(S) with {@link java.net.http.HttpClient}: bounded in time, in size
 * and in attempts, so a slow, hostile or broken vendor service yields a typed
 * {@link CollateralUnavailableException} and never a hang or an unbounded allocation.
 *
 * <p>What it does, with the defaults of {@link #builder()}:
 * <ul>
 *   <li><b>HTTPS only.</b> {@code http://} URLs are refused unless {@link Builder#allowPlainHttp()}
 *       is called (meant for loopback test servers and a local PCCS behind TLS termination).
 *       Redirects (301, 302, 303, 307, 308; at most 5 per attempt) are followed by this source,
 *       not by the HTTP client, so every hop passes the same checks as the first URL; never from
 *       {@code https} to {@code http}. TLS server
 *       authentication is the JDK's default (the JDK trust store); the documents fetched are
 *       authenticated by the verifiers anyway, TLS only keeps them private and fresh.</li>
 *   <li><b>Hosts.</b> With {@link Builder#allowedHosts}, a URL (first or redirected) whose host
 *       and port are not on the list is refused before any connection, with a non-retryable
 *       error: a certificate or evidence field naming some other host (an AIA URL in a
 *       caller-made certificate, say) can then never make this source connect there. Without
 *       it, any host is fetched.</li>
 *   <li><b>Time.</b> Connect timeout 10 s; each attempt 20 s, covering the response headers
 *       <em>and</em> the body (a server that stalls mid-body is cut off); an overall deadline of
 *       60 s for all attempts and the waits between them together. The deadline counts the real
 *       time spent in attempts plus the waits requested from the {@link Sleeper}, so a test
 *       sleeper that returns at once still advances it.</li>
 *   <li><b>Size.</b> The body is read up to {@link CollateralRequest#maxBytes()} while it streams:
 *       a declared {@code Content-Length} above the cap is refused before any byte is read, and a
 *       body that grows past it is cut off at the cap (the connection is dropped). Never more than
 *       the cap is buffered. Too large is not retried.</li>
 *   <li><b>Retry.</b> Up to 4 attempts on 408, 429, 5xx (except 501 and 505), timeouts and I/O
 *       errors (a reset connection, a truncated body). The wait honours {@code Retry-After}
 *       (delta-seconds or an HTTP date, measured against the injected {@link Clock}); without it,
 *       exponential backoff from 500 ms doubling up to 10 s with equal jitter. A
 *       {@code Retry-After} longer than 30 s, or a wait that would pass the deadline, ends the
 *       fetch at once with a retryable error rather than waiting or retrying early.</li>
 *   <li><b>Terminal.</b> 404, 410 and any other 4xx, and any status that is not 200, fail at once
 *       with a non-retryable error after exactly one request.</li>
 *   <li><b>Freshness.</b> For a kind that expires, the body's {@code nextUpdate} is read with the
 *       request's {@link FreshnessReader} (or {@link FreshnessReaders#x509Crl()} for a CRL) and set
 *       on the result; a body the reader refuses (garbage where a CRL was expected) fails with the
 *       reader's typed error and is not retried. Nothing else about the body is checked here:
 *       signatures and validity are the verifier's job.</li>
 *   <li><b>Logging.</b> One SLF4J DEBUG line per attempt (method, URL, status, bytes, ms,
 *       attempt); bodies and request headers are never logged.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; share one per application (it holds one
 * {@link HttpClient} and its connection pool).
 *
 * @since 0.1
 */
public final class HttpCollateralSource implements CollateralSource {
    private static final Logger LOG = LoggerFactory.getLogger(HttpCollateralSource.class);

    private final HttpClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration requestTimeout;
    private final Duration deadline;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final boolean allowPlainHttp;
    private final String userAgent;
    private final HostAllowList allowedHosts;

    private HttpCollateralSource(Builder b) {
        this.client = b.client != null ? b.client : buildClient(b);
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.requestTimeout = b.requestTimeout;
        this.deadline = b.deadline;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.allowPlainHttp = b.allowPlainHttp;
        this.userAgent = b.userAgent;
        this.allowedHosts = b.allowedHosts;
    }

    private static HttpClient buildClient(Builder b) {
        HttpClient.Builder cb = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (b.executor != null) {
            cb.executor(b.executor);
        }
        if (b.proxy != null) {
            cb.proxy(b.proxy);
        }
        return cb.build();
    }

    /** A builder with the defaults listed in the class description. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
        Objects.requireNonNull(request, "request");
        URI uri = request.uri();
        String location = uri.toString();
        checkScheme(uri, location);
        String method = request.postBody().isPresent() ? "POST" : "GET";
        long deadlineNanos = deadline.toNanos();
        long spentNanos = 0;
        Outcome last = null;
        for (int attempt = 1; ; attempt++) {
            long remaining = deadlineNanos - spentNanos;
            if (remaining <= 0) {
                throw exhausted(location, "the overall deadline of " + deadline.toMillis() + " ms passed", attempt - 1,
                        last);
            }
            Duration attemptTimeout = Duration.ofNanos(Math.min(requestTimeout.toNanos(), remaining));
            long start = System.nanoTime();
            Outcome outcome = attempt(request, location, attemptTimeout);
            long elapsed = System.nanoTime() - start;
            spentNanos += elapsed;
            if (LOG.isDebugEnabled()) {
                LOG.debug("collateral fetch method={} url={} status={} bytes={} ms={} attempt={}/{} cache=miss{}",
                        method, location, outcome.status < 0 ? "-" : Integer.toString(outcome.status),
                        outcome.body == null ? 0 : outcome.body.length, TimeUnit.NANOSECONDS.toMillis(elapsed),
                        attempt, maxAttempts, outcome.error == null ? "" : " error=\"" + outcome.error.getMessage() + "\"");
            }
            if (outcome.error == null) {
                return toFetched(request, location, outcome);
            }
            if (!outcome.retry) {
                throw outcome.error;
            }
            last = outcome;
            if (attempt >= maxAttempts) {
                throw exhausted(location, "gave up after " + attempt + " attempts", attempt, outcome);
            }
            Duration wait;
            if (outcome.retryAfter != null) {
                if (outcome.retryAfter.compareTo(maxRetryAfter) > 0) {
                    throw new CollateralUnavailableException(outcome.error.getMessage() + "; the server asks to retry after "
                            + outcome.retryAfter.getSeconds() + " s, longer than the limit of "
                            + maxRetryAfter.getSeconds() + " s", location, true, outcome.error);
                }
                wait = outcome.retryAfter;
            } else {
                wait = backoff(attempt);
            }
            if (spentNanos + wait.toNanos() >= deadlineNanos) {
                throw exhausted(location, "waiting " + wait.toMillis() + " ms to retry would pass the overall deadline of "
                        + deadline.toMillis() + " ms", attempt, outcome);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CollateralUnavailableException("interrupted while waiting to retry " + location, location,
                        true, e);
            }
            spentNanos += wait.toNanos();
        }
    }

    private void checkScheme(URI uri, String location) throws CollateralUnavailableException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && allowPlainHttp)) {
            if (uri.getHost() == null) {
                throw new CollateralUnavailableException("collateral URL has no host: " + location, location, false);
            }
            if (allowedHosts != null && !allowedHosts.permits(uri)) {
                throw new CollateralUnavailableException("refusing to fetch " + location + ": its host is not one of the"
                        + " allowed hosts (" + allowedHosts + ")", location, false);
            }
            return;
        }
        if (scheme.equals("http")) {
            throw new CollateralUnavailableException("refusing plain http:// for " + location
                    + " (HTTPS only; HttpCollateralSource.Builder.allowPlainHttp() opts in)", location, false);
        }
        throw new CollateralUnavailableException("unsupported collateral URL scheme '" + scheme + "': " + location,
                location, false);
    }

    /** One attempt: the request and the redirects it is answered with, within {@code timeout} together. */
    private Outcome attempt(CollateralRequest request, String location, Duration timeout)
            throws CollateralUnavailableException {
        long end = System.nanoTime() + timeout.toNanos();
        URI uri = request.uri();
        boolean post = request.postBody().isPresent();
        for (int hop = 0; ; hop++) {
            String method = post ? "POST" : "GET";
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Outcome.failure(-1, new CollateralUnavailableException(method + " " + location + " timed out after "
                        + timeout.toMillis() + " ms (following redirects)", location, true), true, null);
            }
            Outcome outcome = exchange(request, uri, post, location, Duration.ofNanos(left));
            if (outcome.redirectLocation == null) {
                return outcome;
            }
            URI next = redirectTarget(uri, outcome, hop, method, location);
            post = post && !Redirects.becomesGet(outcome.status);
            uri = next;
        }
    }

    /** Where a redirect leads, once it passed the checks of a first URL; otherwise a non-retryable failure. */
    private URI redirectTarget(URI current, Outcome redirect, int hop, String method, String location)
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
            checkScheme(next, next.toString());
        } catch (CollateralUnavailableException e) {
            throw new CollateralUnavailableException(prefix + ": refusing the redirect: " + e.getMessage(), location,
                    false);
        }
        return next;
    }

    private Outcome exchange(CollateralRequest request, URI uri, boolean sendBody, String location, Duration timeout)
            throws CollateralUnavailableException {
        String method = sendBody ? "POST" : "GET";
        HttpRequest httpRequest;
        try {
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout);
            if (userAgent != null) {
                rb.header("User-Agent", userAgent);
            }
            request.headers().forEach(rb::header);
            Optional<byte[]> post = sendBody ? request.postBody() : Optional.empty();
            if (post.isPresent()) {
                rb.header("Content-Type", request.contentType().orElse("application/octet-stream"));
                rb.POST(HttpRequest.BodyPublishers.ofByteArray(post.get()));
            } else {
                rb.GET();
            }
            httpRequest = rb.build();
        } catch (IllegalArgumentException e) {
            throw new CollateralUnavailableException("cannot build the request for " + location + ": " + e.getMessage(),
                    location, false, e);
        }
        int maxBytes = request.maxBytes();
        AtomicReference<BoundedBodySubscriber> subscriber = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            BoundedBodySubscriber s;
            if (info.statusCode() != 200) {
                s = BoundedBodySubscriber.discarding();
            } else {
                long declared = declaredLength(info.headers());
                s = declared > maxBytes ? BoundedBodySubscriber.rejecting(declared, maxBytes)
                        : new BoundedBodySubscriber(maxBytes, declared);
            }
            subscriber.set(s);
            return s;
        };
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(httpRequest, handler);
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancel(future, subscriber, e);
            return Outcome.failure(-1, new CollateralUnavailableException(method + " " + location + " timed out after "
                    + timeout.toMillis() + " ms", location, true, e), true, null);
        } catch (InterruptedException e) {
            cancel(future, subscriber, e);
            Thread.currentThread().interrupt();
            throw new CollateralUnavailableException("interrupted while fetching " + location, location, true, e);
        } catch (ExecutionException | CancellationException e) {
            return classify(method, location, timeout, unwrap(e));
        }
        return classifyStatus(method, location, response);
    }

    private static long declaredLength(java.net.http.HttpHeaders headers) {
        try {
            return headers.firstValueAsLong("content-length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void cancel(CompletableFuture<?> future, AtomicReference<BoundedBodySubscriber> subscriber,
            Throwable reason) {
        BoundedBodySubscriber s = subscriber.get();
        if (s != null) {
            s.abort(reason);
        }
        future.cancel(true);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static Outcome classify(String method, String location, Duration timeout, Throwable cause) {
        if (cause instanceof BoundedBodySubscriber.BodyTooLargeException) {
            return Outcome.failure(200, new CollateralUnavailableException(method + " " + location + ": "
                    + cause.getMessage(), location, false, cause), false, null);
        }
        if (cause instanceof HttpTimeoutException) {
            return Outcome.failure(-1, new CollateralUnavailableException(method + " " + location + " timed out after "
                    + timeout.toMillis() + " ms (" + cause.getMessage() + ")", location, true, cause), true, null);
        }
        if (cause instanceof IOException) {
            return Outcome.failure(-1, new CollateralUnavailableException(method + " " + location + " failed: "
                    + describe(cause), location, true, cause), true, null);
        }
        return Outcome.failure(-1, new CollateralUnavailableException(method + " " + location + " failed: "
                + describe(cause), location, false, cause), false, null);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private Outcome classifyStatus(String method, String location, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        Map<String, List<String>> headers = lowerCaseHeaders(response.headers());
        if (status == 200) {
            return Outcome.success(response.body(), headers);
        }
        if (Redirects.isRedirect(status)) {
            return Outcome.redirect(status, new CollateralUnavailableException(method + " " + location + " answered HTTP "
                    + status + " (redirect)", location, false), response.headers().firstValue("location").orElse(""));
        }
        boolean retry = status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501
                && status != 505);
        String what = status == 404 || status == 410 ? "not found"
                : status == 429 ? "rate limited"
                : status == 408 ? "request timeout"
                : status >= 500 ? "server error" : "unexpected status";
        CollateralUnavailableException error = new CollateralUnavailableException(method + " " + location
                + " answered HTTP " + status + " (" + what + ")", location, retry || status >= 500);
        Duration retryAfter = null;
        if (retry) {
            retryAfter = RetryAfter.parse(response.headers().firstValue("retry-after").orElse(null), clock.instant())
                    .orElse(null);
        }
        return Outcome.failure(status, error, retry, retryAfter);
    }

    private static Map<String, List<String>> lowerCaseHeaders(java.net.http.HttpHeaders headers) {
        Map<String, List<String>> out = new TreeMap<>();
        headers.map().forEach((name, values) -> {
            if (name.startsWith(":")) {
                return;
            }
            out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values);
        });
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    private FetchedCollateral toFetched(CollateralRequest request, String location, Outcome outcome)
            throws CollateralUnavailableException {
        java.time.Instant nextUpdate = null;
        if (!request.kind().immutable()) {
            Optional<FreshnessReader> reader = FreshnessReaders.forRequest(request);
            if (reader.isPresent()) {
                try {
                    nextUpdate = reader.get().nextUpdate(outcome.body.clone(), outcome.headers).orElse(null);
                } catch (CollateralUnavailableException e) {
                    throw e.location().isPresent() ? e
                            : new CollateralUnavailableException(request.kind() + " from " + location + ": "
                                    + e.getMessage(), location, e.isRetryable(), e);
                } catch (RuntimeException e) {
                    throw new CollateralUnavailableException(request.kind() + " from " + location
                            + " could not be read: " + describe(e), location, false, e);
                }
            }
        }
        return new FetchedCollateral(outcome.body, outcome.headers, location, clock.instant(), nextUpdate, false);
    }

    private Duration backoff(int attempt) {
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

    private static CollateralUnavailableException exhausted(String location, String why, int attempts,
            Outcome last) {
        if (last == null) {
            return new CollateralUnavailableException("fetching " + location + " failed: " + why, location, true);
        }
        String count = why.startsWith("gave up") || attempts <= 0 ? ""
                : " (after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")";
        return new CollateralUnavailableException(last.error.getMessage() + "; " + why + count, location, true,
                last.error);
    }

    /** The result of one attempt. */
    private static final class Outcome {
        final int status;
        final byte[] body;
        final Map<String, List<String>> headers;
        final CollateralUnavailableException error;
        final boolean retry;
        final Duration retryAfter;
        /** The {@code Location} of a redirect ("" when absent); null for any other answer. */
        final String redirectLocation;

        private Outcome(int status, byte[] body, Map<String, List<String>> headers,
                CollateralUnavailableException error, boolean retry, Duration retryAfter, String redirectLocation) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.error = error;
            this.retry = retry;
            this.retryAfter = retryAfter;
            this.redirectLocation = redirectLocation;
        }

        static Outcome success(byte[] body, Map<String, List<String>> headers) {
            return new Outcome(200, body, headers, null, false, null, null);
        }

        static Outcome failure(int status, CollateralUnavailableException error, boolean retry, Duration retryAfter) {
            return new Outcome(status, null, Map.of(), error, retry, retryAfter, null);
        }

        /** A redirect to follow; its error is what the fetch fails with if it is not followed. */
        static Outcome redirect(int status, CollateralUnavailableException error, String location) {
            return new Outcome(status, null, Map.of(), error, false, null, location);
        }
    }

    /**
     * Configures an {@link HttpCollateralSource}. Every setting has the default given in the class
     * description.
     */
    public static final class Builder {
        private HttpClient client;
        private Executor executor;
        private ProxySelector proxy;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private Duration deadline = Duration.ofSeconds(60);
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private boolean allowPlainHttp;
        private String userAgent = "tee4j";
        private HostAllowList allowedHosts;

        private Builder() {
        }

        /**
         * Restricts every fetch, redirects included, to these hosts: each entry a host name or IP
         * literal, optionally with {@code :port} (without one, only the scheme's default port).
         * Anything else is refused before a connection is made. Default: no restriction.
         * {@link CollateralSources#VENDOR_HOSTS} lists the vendor services the backends use.
         *
         * @throws IllegalArgumentException for an empty list or an entry that is not a host[:port]
         */
        public Builder allowedHosts(Collection<String> hosts) {
            this.allowedHosts = HostAllowList.of(Objects.requireNonNull(hosts, "hosts"));
            return this;
        }

        /**
         * The executor the HTTP client runs its asynchronous work on (default: the JDK client's
         * own). Ignored when {@link #httpClient} is given.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The proxy selector (default: none, direct connections; {@code ProxySelector.getDefault()}
         * follows the JVM's proxy system properties). Ignored when {@link #httpClient} is given.
         */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * A ready HTTP client (proxy, TLS context, authenticator). Its own connect timeout,
         * redirect policy and executor then apply instead of this builder's. With
         * {@link #allowedHosts} it must not follow redirects itself ({@code Redirect.NEVER}), so
         * that this source checks every hop.
         */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The clock for {@link FetchedCollateral#fetchedAt()} and for HTTP-date {@code Retry-After}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How waits between attempts are made (default {@link Sleeper#system()}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** TCP (and TLS) connect timeout; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Limit for one attempt, headers and body together; default 20 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Limit for all attempts and waits of one fetch together; default 60 s. */
        public Builder deadline(Duration deadline) {
            this.deadline = positive(deadline, "deadline");
            return this;
        }

        /** Attempts per fetch, the first included; default 4; 1 disables retries. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** First backoff (before jitter), doubled per retry up to {@code max}; defaults 500 ms and 10 s. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive(initial, "initial");
            this.maxBackoff = positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff must not be shorter than the initial backoff");
            }
            return this;
        }

        /**
         * The longest {@code Retry-After} waited for; a longer one ends the fetch with a retryable
         * error instead. Default 30 s.
         */
        public Builder maxRetryAfter(Duration max) {
            Objects.requireNonNull(max, "max");
            if (max.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative");
            }
            this.maxRetryAfter = max;
            return this;
        }

        /**
         * Allows {@code http://} URLs. Off by default: without TLS anyone on the path can withhold
         * or replay collateral (signatures still stop forgery). Meant for loopback test servers
         * and a PCCS on a trusted local network.
         */
        public Builder allowPlainHttp() {
            this.allowPlainHttp = true;
            return this;
        }

        /** The {@code User-Agent} header; default {@code tee4j}; null sends the JDK's. */
        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * @throws IllegalStateException with {@link #allowedHosts} and a given client that follows
         *     redirects itself (its hops would bypass the list)
         */
        public HttpCollateralSource build() {
            if (allowedHosts != null && client != null && client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalStateException("allowedHosts needs an HttpClient with Redirect.NEVER: this source "
                        + "follows redirects itself so that each hop is checked");
            }
            return new HttpCollateralSource(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
