package io.tee4j.core.collateral;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Ready-made collateral sources for applications and the {@code tee4j} command.
 *
 * @since 0.1
 */
public final class CollateralSources {
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
     * 404 terminal, plain {@code http://} refused) behind a {@link CachingCollateralSource} that
     * keeps documents in memory and in {@code cacheDir} (created on first write; failures to
     * write it are tolerated).
     *
     * @param clock the instant freshness is judged at ({@code nextUpdate} checks). A verifier
     *     pinned to a past instant passes its fixed clock here; the HTTP transport itself (fetch
     *     times, HTTP-date {@code Retry-After}) always uses the system clock, since it talks to
     *     real servers now.
     */
    public static CachingCollateralSource online(Path cacheDir, Clock clock) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(clock, "clock");
        HttpCollateralSource http = HttpCollateralSource.builder().build();
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
