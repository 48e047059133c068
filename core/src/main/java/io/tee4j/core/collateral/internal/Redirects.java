package io.tee4j.core.collateral.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The redirect rules of the HTTP collateral source, applied by the source itself (its client never
 * follows redirects on its own) so that every hop passes the same checks as the first URL: the
 * scheme rule, never {@code https} to {@code http}, and the host allow-list.
 */
public final class Redirects {
    /** Hops followed per attempt, as the JDK client's own default. */
    public static final int MAX_HOPS = 5;

    private Redirects() {
    }

    /** Whether {@code status} is a redirect this source follows (301, 302, 303, 307, 308). */
    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Whether the next hop drops the POST body and becomes a GET: 303 always, 301 and 302 for a
     * POST (what browsers and the JDK client do); 307 and 308 keep the method and body.
     */
    public static boolean becomesGet(int status) {
        return status == 301 || status == 302 || status == 303;
    }

    /**
     * The target of a {@code Location} header resolved against the current URL, or empty when
     * the header is missing or not a URL.
     */
    public static Optional<URI> target(URI current, String location) {
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        try {
            URI next = current.resolve(location.trim());
            return next.getScheme() == null ? Optional.empty() : Optional.of(next);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the hop from {@code current} to {@code next} leaves TLS. */
    public static boolean downgrades(URI current, URI next) {
        return "https".equals(scheme(current)) && !"https".equals(scheme(next));
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }
}
