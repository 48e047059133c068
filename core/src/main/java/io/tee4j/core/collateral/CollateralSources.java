package io.tee4j.core.collateral;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ready-made collateral sources for applications and the {@code tee4j} command.
 *
 * @since 0.1
 */
public final class CollateralSources {
    /**
     * The hosts of the vendor services the backends fetch from with their default settings: AMD
     * KDS ({@code kdsintf.amd.com}), Intel PCS ({@code api.trustedservices.intel.com}) and its
     * root CA CRL ({@code certificates.trustedservices.intel.com}), NVIDIA's RIM service
     * ({@code rim.attestation.nvidia.com}) and OCSP responder ({@code ocsp.ndis.nvidia.com}).
     * {@link #online(Path, Clock)} fetches from these and nowhere else.
     */
    public static final Set<String> VENDOR_HOSTS = Set.of("kdsintf.amd.com", "api.trustedservices.intel.com",
            "certificates.trustedservices.intel.com", "rim.attestation.nvidia.com", "ocsp.ndis.nvidia.com");

    private CollateralSources() {
    }

    /**
     * The default cache directory: {@code $XDG_CACHE_HOME/tee4j/collateral} when
     * {@code XDG_CACHE_HOME} is set to an absolute path, else {@code ~/.cache/tee4j/collateral}.
     */
    public static Path defaultCacheDirectory() {
        return defaultCacheDirectory(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultCacheDirectory(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Paths.get(xdg).isAbsolute()) {
            return Paths.get(xdg, "tee4j", "collateral");
        }
        return Paths.get(userHome, ".cache", "tee4j", "collateral");
    }

    /** {@link #online(Path, Clock)} with the system UTC clock. */
    public static CachingCollateralSource online(Path cacheDir) {
        return online(cacheDir, Clock.systemUTC());
    }

    /**
     * Vendor services over HTTPS with {@link HttpCollateralSource}'s defaults (10 s connect,
     * 20 s per attempt, 60 s overall, 4 attempts, 429/5xx retried honouring {@code Retry-After},
     * 404 terminal, plain {@code http://} refused), restricted to {@link #VENDOR_HOSTS}, behind a
     * {@link CachingCollateralSource} that keeps documents in memory and in {@code cacheDir}
     * (created on first write; failures to write it are tolerated). A URL on any other host (an
     * AIA URL in a certificate someone made, say) is refused before any connection; a PCCS or
     * mirror is reached with {@link #online(Path, Clock, Set)}.
     *
     * @param clock the instant freshness is judged at ({@code nextUpdate} checks). A verifier
     *     pinned to a past instant passes its fixed clock here; the HTTP transport itself (fetch
     *     times, HTTP-date {@code Retry-After}) always uses the system clock, since it talks to
     *     real servers now.
     */
    public static CachingCollateralSource online(Path cacheDir, Clock clock) {
        return online(cacheDir, clock, VENDOR_HOSTS);
    }

    /**
     * {@link #online(Path, Clock)} restricted to {@code allowedHosts} instead of the vendor hosts
     * (entries as {@link HttpCollateralSource.Builder#allowedHosts}): add a PCCS or a mirror the
     * backends were pointed at.
     */
    public static CachingCollateralSource online(Path cacheDir, Clock clock, Set<String> allowedHosts) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(clock, "clock");
        HttpCollateralSource http = HttpCollateralSource.builder().allowedHosts(allowedHosts).build();
        return CachingCollateralSource.builder(http).clock(clock).directory(cacheDir).build();
    }

    /**
     * {@link #online(Path, Clock)} with requests for vendor services sent to the configured
     * {@code endpoints} (a PCCS, a KDS proxy, NVIDIA mirrors, {@code tee4j collateral serve});
     * the allow-list is the vendor hosts plus the endpoints' hosts. The cache keys stay the
     * vendor's URLs, so one cache directory serves whichever endpoint filled it.
     */
    public static CachingCollateralSource online(Path cacheDir, Clock clock, CollateralEndpoints endpoints) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(clock, "clock");
        HttpCollateralSource http = HttpCollateralSource.builder().allowedHosts(VENDOR_HOSTS).endpoints(endpoints)
                .build();
        return CachingCollateralSource.builder(http).clock(clock).directory(cacheDir).build();
    }

    /** {@link #offline(Path, Clock)} with the system UTC clock. */
    public static CachingCollateralSource offline(Path cacheDir) {
        return offline(cacheDir, Clock.systemUTC());
    }

    /**
     * Only what is in {@code cacheDir} (see {@link CollateralDirectory} for the layout), under the
     * cache's freshness rules; never touches the network. A missing document is a non-retryable
     * {@link io.tee4j.core.CollateralUnavailableException} naming the key and how to preload it.
     */
    public static CachingCollateralSource offline(Path cacheDir, Clock clock) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(clock, "clock");
        return CachingCollateralSource.builder(CollateralSource.none()).clock(clock).directory(cacheDir).offline()
                .build();
    }
}
