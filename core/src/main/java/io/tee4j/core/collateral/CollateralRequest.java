package io.tee4j.core.collateral;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of collateral to fetch: its URL, its kind (which sets the caching rule), an optional
 * POST body (OCSP), extra request headers, a size cap and, for kinds that expire, how to read the
 * expiry from the body.
 *
 * @since 0.1
 */
public final class CollateralRequest {
    /** Default response-size cap: 1 MiB, far above any real certificate, CRL or TCB info. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final URI uri;
    private final CollateralKind kind;
    private final String cacheKey;
    private final byte[] postBody;
    private final String contentType;
    private final Map<String, String> headers;
    private final int maxBytes;
    private final FreshnessReader freshness;

    private CollateralRequest(Builder b) {
        this.uri = b.uri;
        this.kind = b.kind;
        this.cacheKey = b.cacheKey == null ? b.uri.toString() : b.cacheKey;
        this.postBody = b.postBody;
        this.contentType = b.contentType;
        this.headers = Map.copyOf(b.headers);
        this.maxBytes = b.maxBytes;
        this.freshness = b.freshness;
    }

    public static Builder builder(URI uri, CollateralKind kind) {
        return new Builder(uri, kind);
    }

    /** A GET of an immutable certificate. */
    public static CollateralRequest certificate(URI uri) {
        return builder(uri, CollateralKind.CERTIFICATE).build();
    }

    public URI uri() {
        return uri;
    }

    public CollateralKind kind() {
        return kind;
    }

    /** The key the cache stores this under (the URL unless set; a POST's key must be set explicitly). */
    public String cacheKey() {
        return cacheKey;
    }

    /** The POST body, when this is a POST (OCSP); empty for a GET. */
    public Optional<byte[]> postBody() {
        return Optional.ofNullable(postBody).map(byte[]::clone);
    }

    /** The content type of the POST body. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** Extra request headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The largest response body accepted, in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /** How to read the expiry of the fetched body, for kinds that expire. */
    public Optional<FreshnessReader> freshness() {
        return Optional.ofNullable(freshness);
    }

    @Override
    public String toString() {
        return "CollateralRequest[" + kind + " " + uri + "]";
    }

    /** Builds a {@link CollateralRequest}. */
    public static final class Builder {
        private final URI uri;
        private final CollateralKind kind;
        private String cacheKey;
        private byte[] postBody;
        private String contentType;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int maxBytes = DEFAULT_MAX_BYTES;
        private FreshnessReader freshness;

        private Builder(URI uri, CollateralKind kind) {
            this.uri = Objects.requireNonNull(uri, "uri");
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        public Builder cacheKey(String key) {
            this.cacheKey = Objects.requireNonNull(key, "key");
            return this;
        }

        public Builder post(byte[] body, String contentType) {
            this.postBody = Objects.requireNonNull(body, "body").clone();
            this.contentType = Objects.requireNonNull(contentType, "contentType");
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder maxBytes(int maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder freshness(FreshnessReader reader) {
            this.freshness = reader;
            return this;
        }

        public CollateralRequest build() {
            if (postBody != null && cacheKey == null) {
                throw new IllegalStateException("a POST request needs an explicit cache key");
            }
            return new CollateralRequest(this);
        }
    }
}
