package io.tee4j.core.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Sleeper;
import io.tee4j.core.collateral.internal.AttemptLoop;
import io.tee4j.core.collateral.internal.ExtraTrust;
import io.tee4j.core.collateral.internal.HostAllowList;
import io.tee4j.core.collateral.internal.Outcome;
import io.tee4j.core.collateral.internal.RedirectingAttempt;
import io.tee4j.core.collateral.internal.RequestSpec;
import io.tee4j.core.collateral.internal.RetrySchedule;
import io.tee4j.core.collateral.internal.SingleExchange;
import io.tee4j.core.collateral.internal.UrlGate;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
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
 *   <li><b>Endpoints.</b> With {@link Builder#endpoints}, a request for a vendor service that has a
 *       configured endpoint (a PCCS, a KDS proxy, a RIM or OCSP mirror) is sent there with the
 *       vendor's path layout; its errors name that endpoint, and its host joins the allow-list.
 *       TLS trusts the JDK trust store plus {@link Builder#trustedCertificates} when given.</li>
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
    private final UrlGate gate;
    private final CollateralEndpoints endpoints;
    private final AttemptLoop attempts;

    private HttpCollateralSource(Builder b) {
        this.client = b.client != null ? b.client : buildClient(b);
        this.clock = b.clock;
        this.endpoints = b.endpoints;
        HostAllowList hosts = null;
        if (b.allowedHosts != null) {
            Set<String> all = new LinkedHashSet<>(b.allowedHosts);
            all.addAll(b.endpoints.hosts());
            hosts = HostAllowList.of(all);
        }
        this.gate = new UrlGate(b.allowPlainHttp, hosts);
        RedirectingAttempt attempt = new RedirectingAttempt(new SingleExchange(client, b.userAgent, b.clock), gate);
        this.attempts = new AttemptLoop(attempt, new RetrySchedule(b.initialBackoff, b.maxBackoff, b.maxRetryAfter),
                b.sleeper, b.requestTimeout, b.deadline, b.maxAttempts, LOG);
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
        if (b.trusted != null) {
            cb.sslContext(ExtraTrust.context(b.trusted));
        }
        return cb.build();
    }

    /** A builder with the defaults listed in the class description. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints requests are sent to in place of the vendors' services. */
    public CollateralEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
        Objects.requireNonNull(request, "request");
        Optional<CollateralEndpoints.Route> route = endpoints.route(request.uri());
        URI target = route.map(CollateralEndpoints.Route::uri).orElse(request.uri());
        String location = target.toString();
        try {
            gate.check(target, route.isPresent() && "http".equalsIgnoreCase(target.getScheme()));
            Map<String, String> headers = route.map(CollateralEndpoints.Route::headers).orElse(Map.of());
            RequestSpec spec = new RequestSpec(request.postBody().orElse(null), request.contentType().orElse(null),
                    request.headers(), request.maxBytes());
            Outcome outcome = attempts.run(spec, target, headers, location);
            return toFetched(request, location, outcome);
        } catch (CollateralUnavailableException e) {
            if (route.isEmpty()) {
                throw e;
            }
            throw new CollateralUnavailableException(e.getMessage() + " [" + route.get().describe() + "]", location,
                    e.isRetryable(), e);
        }
    }

    private FetchedCollateral toFetched(CollateralRequest request, String location, Outcome outcome)
            throws CollateralUnavailableException {
        Instant nextUpdate = null;
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
                            + " could not be read: " + SingleExchange.describe(e), location, false, e);
                }
            }
        }
        return new FetchedCollateral(outcome.body, outcome.headers, location, clock.instant(), nextUpdate, false);
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
        private List<String> allowedHosts;
        private CollateralEndpoints endpoints = CollateralEndpoints.vendor();
        private List<X509Certificate> trusted;

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
            HostAllowList.of(Objects.requireNonNull(hosts, "hosts"));
            this.allowedHosts = List.copyOf(hosts);
            return this;
        }

        /**
         * Sends requests for vendor services to these endpoints instead (see
         * {@link CollateralEndpoints}); with {@link #allowedHosts}, their hosts join the list.
         * Default: the vendors' own services.
         */
        public Builder endpoints(CollateralEndpoints endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            return this;
        }

        /**
         * Trusts these CA certificates for TLS besides the JDK trust store (a PCCS or mirror
         * with an internal CA). Ignored when {@link #httpClient} is given. Default: the JDK
         * trust store only.
         */
        public Builder trustedCertificates(Collection<X509Certificate> roots) {
            this.trusted = List.copyOf(Objects.requireNonNull(roots, "roots"));
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
