package io.tee4j.cli;

import io.tee4j.core.collateral.CachingCollateralSource;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.CollateralSources;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The collateral source the command uses: vendor services (or the endpoints configured in their
 * place) over HTTPS behind the on-disk cache, or — offline — the cache alone, never the network.
 * The cache directory is {@code $XDG_CACHE_HOME/tee4j/collateral} (or
 * {@code ~/.cache/tee4j/collateral}) unless {@code --cache-dir}, the configuration, or a
 * collateral bundle ({@code tee4j collateral fetch}) says otherwise.
 */
final class CliCollateral {
    private CliCollateral() {
    }

    static CollateralSource source(boolean offline, Path cacheDir, Clock clock) {
        return source(offline, cacheDir, clock, CollateralSettings.DEFAULT);
    }

    static CollateralSource source(boolean offline, Path cacheDir, Clock clock, CollateralSettings settings) {
        Path dir = settings.cacheDirOr(cacheDir);
        if (offline) {
            return CollateralSources.offline(dir, clock);
        }
        return CachingCollateralSource.builder(settings.http(null)).clock(clock).directory(dir).build();
    }
}
