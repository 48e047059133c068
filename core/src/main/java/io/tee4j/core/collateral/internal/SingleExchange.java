package io.tee4j.core.collateral.internal;

import io.tee4j.core.CollateralUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP request and its answer, classified: a 200 body read while it streams up to the
 * request's cap, a redirect, or a failure saying whether another attempt may succeed (408, 429,
 * 5xx but 501 and 505, timeouts and I/O errors) and the server's {@code Retry-After}. Headers and
 * body are bounded together by {@code timeout}; a stalled body is cut off.
 */
public final class SingleExchange {
    private final HttpClient client;
    private final String userAgent;
    private final Clock clock;

    /**
     * @param userAgent the {@code User-Agent} header, or null for the JDK's
     * @param clock what an HTTP-date {@code Retry-After} is measured against
     */
    public SingleExchange(HttpClient client, String userAgent, Clock clock) {
        this.client = client;
        this.userAgent = userAgent;
        this.clock = clock;
    }

    /**
     * Sends {@code request} to {@code uri} (the request's own URL, a configured endpoint's, or a
     * redirect target), with its body when {@code sendBody}, and {@code extraHeaders} besides the
     * request's own. Errors name {@code location}, the URL the caller asked for.
     */
    public Outcome exchange(RequestSpec request, URI uri, boolean sendBody, Map<String, String> extraHeaders,
            String location, Duration timeout) throws CollateralUnavailableException {
        String method = sendBody ? "POST" : "GET";
        HttpRequest httpRequest = build(request, uri, sendBody, extraHeaders, location, timeout);
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

    private HttpRequest build(RequestSpec request, URI uri, boolean sendBody, Map<String, String> extraHeaders,
            String location, Duration timeout) throws CollateralUnavailableException {
        try {
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout);
            if (userAgent != null) {
                rb.header("User-Agent", userAgent);
            }
            request.headers().forEach(rb::header);
            extraHeaders.forEach(rb::header);
            if (sendBody && request.isPost()) {
                rb.header("Content-Type", request.contentType());
                rb.POST(HttpRequest.BodyPublishers.ofByteArray(request.postBody()));
            } else {
                rb.GET();
            }
            return rb.build();
        } catch (IllegalArgumentException e) {
            throw new CollateralUnavailableException("cannot build the request for " + location + ": " + e.getMessage(),
                    location, false, e);
        }
    }

    private static long declaredLength(HttpHeaders headers) {
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
        boolean io = cause instanceof IOException;
        return Outcome.failure(-1, new CollateralUnavailableException(method + " " + location + " failed: "
                + describe(cause), location, io, cause), io, null);
    }

    /** A throwable as "Type: message", for error messages. */
    public static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private Outcome classifyStatus(String method, String location, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200) {
            return Outcome.success(response.body(), lowerCaseHeaders(response.headers()));
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

    private static Map<String, List<String>> lowerCaseHeaders(HttpHeaders headers) {
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
}
