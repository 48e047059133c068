package io.tee4j.core.collateral;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fetched collateral document: the body, the response headers that matter (Intel's issuer-chain
 * headers, say), where it came from, when, and until when it may be used.
 *
 * @since 0.1
 */
public final class FetchedCollateral {
    private final byte[] body;
    private final Map<String, List<String>> headers;
    private final String location;
    private final Instant fetchedAt;
    private final Instant nextUpdate;
    private final boolean fromCache;

    public FetchedCollateral(byte[] body, Map<String, List<String>> headers, String location, Instant fetchedAt,
            Instant nextUpdate, boolean fromCache) {
        this.body = Objects.requireNonNull(body, "body").clone();
        this.headers = Map.copyOf(headers);
        this.location = Objects.requireNonNull(location, "location");
        this.fetchedAt = Objects.requireNonNull(fetchedAt, "fetchedAt");
        this.nextUpdate = nextUpdate;
        this.fromCache = fromCache;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** Response headers, names in lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (name case-insensitive). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The URL or file it came from. */
    public String location() {
        return location;
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }

    /** Until when it may be used; empty for immutable collateral. */
    public Optional<Instant> nextUpdate() {
        return Optional.ofNullable(nextUpdate);
    }

    /** Whether it was served from a cache rather than the network. */
    public boolean fromCache() {
        return fromCache;
    }

    /** The same document marked as served from a cache. */
    public FetchedCollateral asCached() {
        return new FetchedCollateral(body, headers, location, fetchedAt, nextUpdate, true);
    }
}
