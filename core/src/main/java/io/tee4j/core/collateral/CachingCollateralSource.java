package io.tee4j.core.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.collateral.internal.DirectoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache in front of another {@link CollateralSource}: in memory, optionally backed by a
 * {@link CollateralDirectory}, optionally preloaded, optionally offline.
 *
 * <p>Rules:
 * <ul>
 *   <li><b>Immutable kinds</b> ({@link CollateralKind#immutable()}: certificates, documents with an
 *       immutable id) are kept forever. They are re-verified against pinned roots on every use,
 *       so a poisoned entry can only cause a rejection.</li>
 *   <li><b>Expiring kinds</b> are kept until their {@code nextUpdate} and never served at or past
 *       it, checked against the injected {@link Clock} at every read. The {@code nextUpdate} is
 *       the fetched document's, else read with the request's {@link FreshnessReader}, else, for
 *       {@link CollateralKind#CRL}, with {@link FreshnessReaders#x509Crl()}. Expired entries are
 *       refetched (online) or reported (offline).</li>
 *   <li><b>No expiry information</b> (an expiring kind whose request has no reader, and no
 *       {@code nextUpdate} from the delegate): not cached. Concurrent identical fetches are still
 *       coalesced.</li>
 *   <li><b>Concurrent misses</b> for one cache key are coalesced: one thread fetches from the
 *       delegate; the others wait for its result (or its error).</li>
 *   <li><b>Lookup order</b>: memory, then preloaded documents ({@link Builder#preload}), then the
 *       directory, then the delegate (never in {@linkplain Builder#offline() offline} mode, where a
 *       miss is a non-retryable {@link CollateralUnavailableException} naming the key and how to
 *       preload it).</li>
 *   <li><b>Directory failures</b> never fail a fetch: an unwritable or full directory is logged at
 *       DEBUG and the fetched document is returned; an unreadable or corrupt entry (see
 *       {@link CollateralDirectory}) is ignored, never trusted.</li>
 *   <li><b>Memory</b> holds at most 512 documents and 64 MiB of bodies by default (least recently
 *       used go first); the directory is not bounded (vendor collateral is small: certificates of
 *       about 1.5 KiB, CRLs and TCB info of tens of KiB).</li>
 * </ul>
 * The cache does not check signatures or validity periods of what it serves beyond the
 * {@code nextUpdate} rule: the verifier does. Documents served from the cache have
 * {@link FetchedCollateral#fromCache()} set. One SLF4J DEBUG line per fetch says hit or miss, the
 * key and the time taken.
 *
 * @since 0.1
 */
public final class CachingCollateralSource implements CollateralSource {
    private static final Logger LOG = LoggerFactory.getLogger(CachingCollateralSource.class);

    private final CollateralSource delegate;
    private final Clock clock;
    private final DirectoryStore directory;
    private final boolean offline;
    private final Map<String, byte[]> preloaded;
    private final Map<String, MemoryEntry> memory;
    private final int maxMemoryEntries;
    private final long maxMemoryBytes;
    private long memoryBytes;
    private final ConcurrentHashMap<String, CompletableFuture<FetchedCollateral>> inFlight =
            new ConcurrentHashMap<>();

    private CachingCollateralSource(Builder b) {
        this.delegate = b.delegate;
        this.clock = b.clock;
        this.directory = b.directory == null ? null : new DirectoryStore(b.directory);
        this.offline = b.offline;
        this.preloaded = Map.copyOf(b.preloaded);
        this.maxMemoryEntries = b.memoryEntries;
        this.maxMemoryBytes = b.memoryBytes;
        this.memory = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** A cache in front of {@code delegate} (use {@link CollateralSource#none()} with {@link Builder#offline()}). */
    public static Builder builder(CollateralSource delegate) {
        return new Builder(delegate);
    }

    @Override
    public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        String key = request.cacheKey();
        Miss miss = new Miss();
        FetchedCollateral hit = lookup(request, miss);
        if (hit != null) {
            logHit(request, start);
            return hit;
        }
        if (offline) {
            throw offlineMiss(request, miss);
        }
        CompletableFuture<FetchedCollateral> mine = new CompletableFuture<>();
        CompletableFuture<FetchedCollateral> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            FetchedCollateral shared = await(leader, request);
            LOG.debug("collateral cache=coalesced kind={} key={} ms={}", request.kind(), key, ms(start));
            return shared;
        }
        try {
            // Another fetch may have finished between the lookup and taking the lead.
            FetchedCollateral again = lookupMemory(request, miss);
            if (again != null) {
                mine.complete(again);
                logHit(request, start);
                return again;
            }
            FetchedCollateral fetched = store(request, delegate.fetch(request));
            mine.complete(fetched);
            LOG.debug("collateral cache=miss kind={} key={} ms={}", request.kind(), key, ms(start));
            return fetched;
        } catch (CollateralUnavailableException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private void logHit(CollateralRequest request, long start) {
        LOG.debug("collateral cache=hit kind={} key={} ms={}", request.kind(), request.cacheKey(), ms(start));
    }

    private static long ms(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private FetchedCollateral await(CompletableFuture<FetchedCollateral> leader, CollateralRequest request)
            throws CollateralUnavailableException {
        String location = request.uri().toString();
        try {
            return leader.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollateralUnavailableException("interrupted while waiting for a fetch of " + location, location,
                    true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CollateralUnavailableException) {
                CollateralUnavailableException c = (CollateralUnavailableException) cause;
                throw new CollateralUnavailableException(c.getMessage(), c.location().orElse(location), c.isRetryable(),
                        c);
            }
            throw new CollateralUnavailableException("fetching " + location + " failed: " + cause, location, false,
                    cause);
        }
    }

    private FetchedCollateral lookup(CollateralRequest request, Miss miss) {
        FetchedCollateral m = lookupMemory(request, miss);
        if (m != null) {
            return m;
        }
        byte[] pre = preloaded.get(request.cacheKey());
        if (pre != null) {
            FetchedCollateral p = admit(request, pre, Map.of(), "preloaded:" + request.cacheKey(), Instant.EPOCH, null,
                    miss, "preloaded");
            if (p != null) {
                return p;
            }
        }
        if (directory != null) {
            Optional<DirectoryStore.Stored> stored = directory.read(request.cacheKey(), request.kind().name(),
                    request.maxBytes());
            if (stored.isPresent()) {
                DirectoryStore.Stored s = stored.get();
                return admit(request, s.body, s.metadata.headers(),
                        s.metadata.location().orElse(directory.bodyFile(request.cacheKey()).toString()), s.fetchedAt,
                        s.metadata.nextUpdate().orElse(null), miss, "directory");
            }
        }
        return null;
    }

    private FetchedCollateral lookupMemory(CollateralRequest request, Miss miss) {
        synchronized (memory) {
            MemoryEntry e = memory.get(request.cacheKey());
            if (e == null || e.kind != request.kind() || e.size > request.maxBytes()) {
                return null;
            }
            if (request.kind().immutable()) {
                return e.document;
            }
            Optional<Instant> nextUpdate = e.document.nextUpdate();
            if (nextUpdate.isPresent() && clock.instant().isBefore(nextUpdate.get())) {
                return e.document;
            }
            memoryBytes -= memory.remove(request.cacheKey()).size;
            miss.expiredAt = nextUpdate.orElse(null);
            return null;
        }
    }

    /**
     * Checks a stored (preloaded or directory) document against the freshness rules; the
     * document, or null (recording why in {@code miss}).
     */
    private FetchedCollateral admit(CollateralRequest request, byte[] body, Map<String, List<String>> headers,
            String location, Instant fetchedAt, Instant recordedNextUpdate, Miss miss, String origin) {
        if (body.length > request.maxBytes()) {
            LOG.debug("collateral cache ignoring {} entry key={}: larger than the request's cap", origin,
                    request.cacheKey());
            return null;
        }
        Instant nextUpdate = null;
        if (!request.kind().immutable()) {
            nextUpdate = recordedNextUpdate;
            Optional<FreshnessReader> reader = FreshnessReaders.forRequest(request);
            if (reader.isPresent()) {
                Optional<Instant> read;
                try {
                    read = reader.get().nextUpdate(body.clone(), headers);
                } catch (CollateralUnavailableException | RuntimeException e) {
                    LOG.debug("collateral cache ignoring {} entry key={}: {}", origin, request.cacheKey(),
                            e.getMessage());
                    miss.corrupt = true;
                    return null;
                }
                if (read.isPresent() && (nextUpdate == null || read.get().isBefore(nextUpdate))) {
                    nextUpdate = read.get();
                }
            }
            if (nextUpdate != null && !clock.instant().isBefore(nextUpdate)) {
                LOG.debug("collateral cache {} entry key={} expired at {}", origin, request.cacheKey(), nextUpdate);
                miss.expiredAt = nextUpdate;
                return null;
            }
        }
        FetchedCollateral doc = new FetchedCollateral(body, headers, location, fetchedAt, nextUpdate, true);
        if (request.kind().immutable() || nextUpdate != null) {
            remember(request, doc);
        }
        return doc;
    }

    private FetchedCollateral store(CollateralRequest request, FetchedCollateral fetched)
            throws CollateralUnavailableException {
        CollateralKind kind = request.kind();
        FetchedCollateral doc = fetched;
        if (!kind.immutable() && fetched.nextUpdate().isEmpty()) {
            Optional<FreshnessReader> reader = FreshnessReaders.forRequest(request);
            if (reader.isPresent()) {
                Instant nextUpdate;
                try {
                    nextUpdate = reader.get().nextUpdate(fetched.body(), fetched.headers()).orElse(null);
                } catch (RuntimeException e) {
                    throw new CollateralUnavailableException(kind + " from " + fetched.location()
                            + " could not be read: " + e, fetched.location(), false, e);
                }
                doc = new FetchedCollateral(fetched.body(), fetched.headers(), fetched.location(), fetched.fetchedAt(),
                        nextUpdate, fetched.fromCache());
            }
        }
        boolean cacheable = kind.immutable()
                || (doc.nextUpdate().isPresent() && clock.instant().isBefore(doc.nextUpdate().get()));
        if (!cacheable) {
            LOG.debug("collateral cache not storing kind={} key={}: {}", kind, request.cacheKey(),
                    doc.nextUpdate().isPresent() ? "already past nextUpdate " + doc.nextUpdate().get()
                            : "no expiry information");
            return doc;
        }
        remember(request, doc.asCached());
        if (directory != null) {
            try {
                CollateralDirectory.at(directory.root()).put(request, doc);
            } catch (IOException | RuntimeException e) {
                LOG.debug("collateral cache cannot write key={} to {}: {}", request.cacheKey(), directory.root(),
                        e.toString());
            }
        }
        return doc;
    }

    private void remember(CollateralRequest request, FetchedCollateral cached) {
        MemoryEntry entry = new MemoryEntry(request.kind(), cached);
        synchronized (memory) {
            MemoryEntry old = memory.put(request.cacheKey(), entry);
            if (old != null) {
                memoryBytes -= old.size;
            }
            memoryBytes += entry.size;
            Iterator<MemoryEntry> eldest = memory.values().iterator();
            while ((memory.size() > maxMemoryEntries || memoryBytes > maxMemoryBytes) && eldest.hasNext()) {
                memoryBytes -= eldest.next().size;
                eldest.remove();
            }
        }
    }

    private CollateralUnavailableException offlineMiss(CollateralRequest request, Miss miss) {
        String key = request.cacheKey();
        String why = miss.expiredAt != null ? "the cached copy expired at " + miss.expiredAt
                : miss.corrupt ? "the cached copy is unreadable" : "it is not cached";
        String where = directory == null ? "preload it (CachingCollateralSource.Builder.preload)"
                : "preload it into " + directory.root() + " (CollateralDirectory.put; layout " + DirectoryStore.LAYOUT
                        + "/<sha256 of the key>.body and .meta)";
        return new CollateralUnavailableException("offline: no usable " + request.kind() + " for key '" + key
                + "': " + why + "; " + where + ", or pass it as a file", key, false);
    }

    private static final class MemoryEntry {
        final CollateralKind kind;
        final FetchedCollateral document;
        final long size;

        MemoryEntry(CollateralKind kind, FetchedCollateral document) {
            this.kind = kind;
            this.document = document;
            this.size = document.body().length;
        }
    }

    /** Why a lookup missed, for the offline error. */
    private static final class Miss {
        Instant expiredAt;
        boolean corrupt;
    }

    /** Configures a {@link CachingCollateralSource}. */
    public static final class Builder {
        private final CollateralSource delegate;
        private Clock clock = Clock.systemUTC();
        private Path directory;
        private boolean offline;
        private int memoryEntries = 512;
        private long memoryBytes = 64L << 20;
        private final Map<String, byte[]> preloaded = new LinkedHashMap<>();

        private Builder(CollateralSource delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** The clock every freshness check reads (default the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Also keeps documents in this directory (see {@link CollateralDirectory} for the layout),
         * and reads preloaded ones from it. Created on first write; none by default.
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Never calls the delegate: a document not in the cache is a non-retryable error. */
        public Builder offline() {
            this.offline = true;
            return this;
        }

        /** How many documents memory holds at most (default 512). */
        public Builder memoryEntries(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("memoryEntries must not be negative");
            }
            this.memoryEntries = max;
            return this;
        }

        /** How many body bytes memory holds at most, all documents together (default 64 MiB). */
        public Builder memoryBytes(long max) {
            if (max < 0) {
                throw new IllegalArgumentException("memoryBytes must not be negative");
            }
            this.memoryBytes = max;
            return this;
        }

        /**
         * Serves {@code body} for requests with this cache key, under the same freshness rules as
         * any cached document (an expired preloaded CRL is not served).
         */
        public Builder preload(String cacheKey, byte[] body) {
            preloaded.put(Objects.requireNonNull(cacheKey, "cacheKey"), Objects.requireNonNull(body, "body").clone());
            return this;
        }

        /** {@link #preload(String, byte[])} for every entry of the map (cache key to body). */
        public Builder preload(Map<String, byte[]> documents) {
            documents.forEach(this::preload);
            return this;
        }

        public CachingCollateralSource build() {
            return new CachingCollateralSource(this);
        }
    }
}
