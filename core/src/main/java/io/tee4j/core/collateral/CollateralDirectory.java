package io.tee4j.core.collateral;

import io.tee4j.core.collateral.internal.DirectoryStore;
import io.tee4j.core.collateral.internal.EntryMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A collateral cache directory, for preloading documents that {@link CachingCollateralSource}
 * (and so an offline verifier) will then serve.
 *
 * <h2>Layout (version 1)</h2>
 * For each document, two files under {@code <root>/v1/}, named by the lower-case hex SHA-256 of
 * the UTF-8 cache key ({@link CollateralRequest#cacheKey()}, which is the URL unless the backend
 * set another key):
 * <ul>
 *   <li>{@code <sha256(key)>.body}: the document bytes exactly as the service sends them;</li>
 *   <li>{@code <sha256(key)>.meta}: a Java properties file with {@code format=tee4j-collateral-cache-1},
 *       {@code key=<cache key>}, {@code kind=<CollateralKind name>}, {@code sha256=<hex SHA-256 of
 *       the body>}, and optionally {@code fetchedAt}, {@code nextUpdate} (ISO-8601 instants),
 *       {@code location}, and response headers as {@code header.N.name} / {@code header.N.value}
 *       (N from 0, names in lower case; Intel's issuer-chain headers, for instance).</li>
 * </ul>
 * An entry whose metadata is unreadable, names another key or kind, or whose body does not match
 * the recorded SHA-256 or exceeds the request's size cap is ignored (refetched online, a miss
 * offline): a damaged file is never served. Entries of expiring kinds are never served past their
 * {@code nextUpdate}, which the cache reads again from the body itself (for CRLs, and for kinds
 * whose request carries a {@link FreshnessReader}) and takes the earlier of that and the
 * metadata's. An entry of an expiring kind that states no expiry at all (an OCSP response
 * preloaded without a reader) is served as the user put it there; the verifier checks its own
 * validity window.
 *
 * <p>The cache files contain public vendor collateral only (certificates, CRLs, TCB info), never
 * evidence or keys. Writes are atomic (temporary file, fsync, rename).
 *
 * @since 0.1
 */
public final class CollateralDirectory {
    private final DirectoryStore store;

    private CollateralDirectory(Path root) {
        this.store = new DirectoryStore(root);
    }

    /** The cache directory at {@code root} (which need not exist yet). */
    public static CollateralDirectory at(Path root) {
        return new CollateralDirectory(Objects.requireNonNull(root, "root"));
    }

    /** The root folder. */
    public Path root() {
        return store.root();
    }

    /** The body file of a cache key. */
    public Path bodyFile(String cacheKey) {
        return store.bodyFile(Objects.requireNonNull(cacheKey, "cacheKey"));
    }

    /** The metadata file of a cache key. */
    public Path metadataFile(String cacheKey) {
        return store.metadataFile(Objects.requireNonNull(cacheKey, "cacheKey"));
    }

    /**
     * Stores a document under {@code cacheKey}, replacing any entry there. Nothing about the body
     * is checked: the verifier checks it when it is used.
     */
    public void put(String cacheKey, CollateralKind kind, byte[] body) throws IOException {
        put(cacheKey, kind, body, Map.of(), null);
    }

    /**
     * Stores a document with the response headers a verifier needs (lower-cased names) and the
     * time it was fetched (null to leave it out; the body file's time is then reported).
     */
    public void put(String cacheKey, CollateralKind kind, byte[] body, Map<String, List<String>> headers,
            Instant fetchedAt) throws IOException {
        Objects.requireNonNull(cacheKey, "cacheKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        store.write(new EntryMetadata(cacheKey, kind.name(), EntryMetadata.sha256Hex(body), fetchedAt, null, null,
                headers), body.clone());
    }

    /** Stores a fetched document under the request's cache key, as the cache does. */
    public void put(CollateralRequest request, FetchedCollateral document) throws IOException {
        byte[] body = document.body();
        store.write(new EntryMetadata(request.cacheKey(), request.kind().name(), EntryMetadata.sha256Hex(body),
                document.fetchedAt(), document.nextUpdate().orElse(null), document.location(), document.headers()),
                body);
    }

    /**
     * The stored document for {@code cacheKey}, of whatever kind, as the cache would serve it
     * (body, recorded headers, location, fetch time and {@code nextUpdate}); empty when absent,
     * damaged, larger than {@code maxBytes}, or not a regular file. Freshness is not judged here:
     * a mirror serves what it has and the verifier decides.
     */
    public Optional<FetchedCollateral> read(String cacheKey, int maxBytes) {
        Objects.requireNonNull(cacheKey, "cacheKey");
        return store.read(cacheKey, null, maxBytes).map(s -> new FetchedCollateral(s.body, s.metadata.headers(),
                s.metadata.location().orElse(cacheKey), s.fetchedAt, s.metadata.nextUpdate().orElse(null), true));
    }

    DirectoryStore store() {
        return store;
    }
}
