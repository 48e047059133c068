package io.tee4j.core.collateral.internal;

import io.tee4j.core.CollateralUnavailableException;
import java.net.URI;
import java.util.Locale;

/**
 * The checks every URL of the HTTP collateral source passes before a connection is made, the
 * first one and each redirect hop alike: HTTPS only (plain {@code http://} when the application
 * opted in, or for a service endpoint it configured with {@code http://}), a host, and the host
 * allow-list when there is one. Failures are not retryable: the same URL fails the same way.
 */
public final class UrlGate {
    private final boolean allowPlainHttp;
    private final HostAllowList allowedHosts;

    /**
     * @param allowedHosts null for no restriction
     */
    public UrlGate(boolean allowPlainHttp, HostAllowList allowedHosts) {
        this.allowPlainHttp = allowPlainHttp;
        this.allowedHosts = allowedHosts;
    }

    /**
     * Checks {@code uri}.
     *
     * @param configuredPlainHttp whether this exact URL was built from an {@code http://} service
     *     endpoint the application configured (the operator chose plain HTTP for that service)
     */
    public void check(URI uri, boolean configuredPlainHttp) throws CollateralUnavailableException {
        String location = uri.toString();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean plainOk = allowPlainHttp || configuredPlainHttp;
        if (scheme.equals("https") || (scheme.equals("http") && plainOk)) {
            if (uri.getHost() == null) {
                throw new CollateralUnavailableException("collateral URL has no host: " + location, location, false);
            }
            if (allowedHosts != null && !allowedHosts.permits(uri)) {
                throw new CollateralUnavailableException("refusing to fetch " + location + ": its host is not one of the"
                        + " allowed hosts (" + allowedHosts + ")", location, false);
            }
            return;
        }
        if (scheme.equals("http")) {
            throw new CollateralUnavailableException("refusing plain http:// for " + location
                    + " (HTTPS only; HttpCollateralSource.Builder.allowPlainHttp() opts in)", location, false);
        }
        throw new CollateralUnavailableException("unsupported collateral URL scheme '" + scheme + "': " + location,
                location, false);
    }

    /** The allow-list, or null when every host is permitted. */
    public HostAllowList allowedHosts() {
        return allowedHosts;
    }
}
