package io.tee4j.core.collateral.internal;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosts a collateral source may connect to. An entry is a host name or IP literal, optionally
 * with {@code :port}; without a port it permits only the scheme's default port (443 for
 * {@code https}, 80 for {@code http}), so an allowed vendor host cannot be used to probe its other
 * ports. Names compare case-insensitively and without a trailing dot; no wildcards, no DNS: the
 * check is on the URL as written, before any connection is made.
 *
 * <p>What it does not do: it does not stop a permitted name from resolving to an unexpected
 * address (DNS is the operator's), and it checks only URLs it is shown, so the HTTP client must
 * not follow redirects on its own.
 */
public final class HostAllowList {
    private final Set<String> entries;

    private HostAllowList(Set<String> entries) {
        this.entries = entries;
    }

    /**
     * An allow-list of {@code host} or {@code host:port} entries ({@code [v6]:port} for IPv6).
     *
     * @throws IllegalArgumentException for an empty list or an entry with a scheme, path or bad port
     */
    public static HostAllowList of(Collection<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the allowed-host list is empty: it would refuse every fetch");
        }
        Set<String> normalized = new TreeSet<>();
        for (String h : hosts) {
            normalized.add(normalizeEntry(h));
        }
        return new HostAllowList(Set.copyOf(normalized));
    }

    /** Whether {@code uri}'s host and port are on the list (false for a URI without a host). */
    public boolean permits(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        String name = normalizeHost(host);
        int port = uri.getPort();
        int defaultPort = defaultPort(uri.getScheme());
        if (port == -1 || port == defaultPort) {
            if (entries.contains(name)) {
                return true;
            }
            port = defaultPort;
        }
        return port > 0 && entries.contains(name + ":" + port);
    }

    /** The entries, normalized, for messages and documentation. */
    public Set<String> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return String.join(", ", entries);
    }

    private static int defaultPort(String scheme) {
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return s.equals("https") ? 443 : s.equals("http") ? 80 : -1;
    }

    private static String normalizeEntry(String entry) {
        if (entry == null || entry.isBlank() || entry.contains("/") || entry.contains("@")) {
            throw new IllegalArgumentException("allowed host '" + entry + "' must be a host or host:port");
        }
        URI parsed;
        try {
            parsed = URI.create("https://" + entry.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowed host '" + entry + "' is not a host or host:port", e);
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("allowed host '" + entry + "' is not a host or host:port");
        }
        String host = normalizeHost(parsed.getHost());
        int port = parsed.getPort();
        if (port == 0 || port > 65_535) {
            throw new IllegalArgumentException("allowed host '" + entry + "' has a bad port");
        }
        return port == -1 ? host : host + ":" + port;
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
