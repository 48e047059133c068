package io.tee4j.cli;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.CollateralSources;
import io.tee4j.core.collateral.FetchedCollateral;
import java.util.Locale;

/**
 * Counts what passes through a collateral source for {@link SidecarMetrics}: in front of the cache
 * it counts hits, misses and errors; in front of the network it counts fetches by vendor host.
 * It changes nothing about what is fetched or returned.
 */
final class CountingCollateralSource implements CollateralSource {
    private final CollateralSource delegate;
    private final SidecarMetrics metrics;
    private final boolean network;

    private CountingCollateralSource(CollateralSource delegate, SidecarMetrics metrics, boolean network) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.network = network;
    }

    /** Counts cache hits, misses and errors of {@code cache}. */
    static CollateralSource cache(CollateralSource cache, SidecarMetrics metrics) {
        return new CountingCollateralSource(cache, metrics, false);
    }

    /** Counts network fetches of {@code http}. */
    static CollateralSource network(CollateralSource http, SidecarMetrics metrics) {
        return new CountingCollateralSource(http, metrics, true);
    }

    @Override
    public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
        FetchedCollateral doc;
        try {
            doc = delegate.fetch(request);
        } catch (CollateralUnavailableException | RuntimeException e) {
            count(request, false);
            throw e;
        }
        if (network) {
            metrics.fetch(host(request), true);
        } else {
            metrics.collateralRequest(doc.fromCache() ? "hit" : "miss");
        }
        return doc;
    }

    private void count(CollateralRequest request, boolean ok) {
        if (network) {
            metrics.fetch(host(request), ok);
        } else {
            metrics.collateralRequest("error");
        }
    }

    /** The vendor host asked for, or "other": never a value a client chose. */
    private static String host(CollateralRequest request) {
        String h = request.uri().getHost();
        String lower = h == null ? "" : h.toLowerCase(Locale.ROOT);
        return CollateralSources.VENDOR_HOSTS.contains(lower) ? lower : "other";
    }
}
