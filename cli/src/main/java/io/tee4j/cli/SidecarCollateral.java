package io.tee4j.cli;

import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.CollateralSources;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where the sidecar's verifications get collateral: ONE source for the life of the process (one
 * HTTP client with its connection pool, one memory and disk cache, coalesced misses), built at
 * start instead of once per request.
 *
 * <p>Outbound fetches go only to the vendor services ({@link CollateralSources#VENDOR_HOSTS}:
 * AMD KDS, Intel PCS, NVIDIA RIM and OCSP), the endpoints configured in their place
 * ({@code --pccs-url}, {@code --kds-url}, ...) and the {@code --allow-collateral-host} entries,
 * enforced by the HTTP source's host allow-list on every URL and redirect hop, so no URL taken from a request (an AIA in a client-made certificate) can
 * make the sidecar connect elsewhere. A request that brings its own trust roots is verified
 * offline with no source at all: the sidecar spends no network effort on chains it does not
 * anchor. With {@code --offline} the source is the cache alone.
 */
final class SidecarCollateral {
    private final CollateralSource shared;
    private final boolean offline;

    private SidecarCollateral(CollateralSource shared, boolean offline) {
        this.shared = shared;
        this.offline = offline;
    }

    /**
     * @param proxy where to send vendor requests (null: direct); tests point it at a loopback
     *     listener to see every connection the sidecar attempts
     */
    static SidecarCollateral open(boolean offline, Path cacheDir, Clock clock, ProxySelector proxy) {
        return open(offline, cacheDir, clock, proxy, CollateralSettings.DEFAULT, new SidecarMetrics());
    }

    /** As above, with the configured endpoints and allow-list, counting into {@code metrics}. */
    static SidecarCollateral open(boolean offline, Path cacheDir, Clock clock, ProxySelector proxy,
            CollateralSettings settings, SidecarMetrics metrics) {
        Path dir = settings.cacheDirOr(cacheDir);
        if (offline) {
            return new SidecarCollateral(CountingCollateralSource.cache(CollateralSources.offline(dir, clock), metrics),
                    true);
        }
        CollateralSource http = CountingCollateralSource.network(settings.http(proxy), metrics);
        CachingCollateralSource cache = CachingCollateralSource.builder(http).clock(clock).directory(dir).build();
        return new SidecarCollateral(CountingCollateralSource.cache(cache, metrics), false);
    }

    /** Whether a request is verified without fetching: the sidecar is offline or the client chose the roots. */
    boolean offlineFor(boolean clientRoots) {
        return offline || clientRoots;
    }

    /** The source for a request: the shared one, or none for client-chosen roots. */
    CollateralSource sourceFor(boolean clientRoots) {
        return clientRoots ? CollateralSource.none() : shared;
    }
}
