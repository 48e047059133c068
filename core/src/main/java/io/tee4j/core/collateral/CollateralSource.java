package io.tee4j.core.collateral;

import io.tee4j.core.CollateralUnavailableException;

/**
 * Where verifiers get collateral from: vendor services (AMD KDS, Intel PCS or a PCCS, NVIDIA's
 * RIM and OCSP services), a cache in front of them, or a preloaded directory for offline use.
 *
 * <p>Implementations are thread-safe. Whatever a source returns is treated as untrusted input:
 * verifiers check its signature and validity before use, so a poisoned source can only cause a
 * rejection.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CollateralSource {

    /**
     * Fetches one document.
     *
     * @throws CollateralUnavailableException when it cannot be had (terminal for a 404, retryable
     *     for timeouts and 5xx), is too large, or — offline — is not in the cache
     */
    FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException;

    /** A source that never touches the network and has nothing: every fetch fails, naming the URL. */
    static CollateralSource none() {
        return request -> {
            throw new CollateralUnavailableException("offline: " + request.kind() + " " + request.uri()
                    + " is not available without the network; preload it or pass it as a file",
                    request.uri().toString(), false);
        };
    }
}
