package io.tee4j.core.collateral;

import io.tee4j.core.CollateralUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads until when a fetched collateral document may be used (its {@code nextUpdate}), so a cache
 * never serves it past that instant. Backends supply one for the formats core cannot parse (TCB
 * info JSON); core supplies one for X.509 CRLs.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface FreshnessReader {

    /**
     * The instant after which {@code body} must not be used, or empty when it does not say (then it
     * is not cached).
     *
     * @throws CollateralUnavailableException when the body is not a valid document of its kind
     */
    Optional<Instant> nextUpdate(byte[] body, Map<String, List<String>> headers)
            throws CollateralUnavailableException;
}
