package io.tee4j.cli;

import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.CollateralSources;
import io.tee4j.core.collateral.HttpCollateralSource;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where the sidecar's verifications get collateral: ONE source for the life of the process (one
 * HTTP client with its connection pool, one memory and disk cache, coalesced misses), built at
 * start instead of once per request.
 *
 * <p>Outbound fetches go only to the vendor services ({@link CollateralSources#VENDOR_HOSTS}:
 * AMD KDS, Intel PCS, NVIDIA RIM and OCSP), enforced by the HTTP source's host allow-list on every
 * URL and redirect hop, so no URL taken from a request (an AIA in a client-made certificate) can
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
        Path dir = cacheDir != null ? cacheDir : CollateralSources.defaultCacheDirectory();
        if (offline) {
            return new SidecarCollateral(CollateralSources.offline(dir, clock), true);
        }
        HttpCollateralSource.Builder http = HttpCollateralSource.builder().allowedHosts(CollateralSources.VENDOR_HOSTS);
        if (proxy != null) {
            http.proxy(proxy);
        }
        return new SidecarCollateral(CachingCollateralSource.builder(http.build()).clock(clock).directory(dir).build(),
                false);
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
