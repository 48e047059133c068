package io.tee4j.cli;

import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.CollateralSources;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The collateral source the command and the sidecar use: vendor services over HTTPS behind the
 * on-disk cache, or — offline — the cache alone, never the network. The cache directory is
 * {@code $XDG_CACHE_HOME/tee4j/collateral} (or {@code ~/.cache/tee4j/collateral}) unless
 * {@code --cache-dir} says otherwise.
 */
final class CliCollateral {
    private CliCollateral() {
    }

    static CollateralSource source(boolean offline, Path cacheDir, Clock clock) {
        Path dir = cacheDir != null ? cacheDir : CollateralSources.defaultCacheDirectory();
        return offline ? CollateralSources.offline(dir, clock) : CollateralSources.online(dir, clock);
    }
}
