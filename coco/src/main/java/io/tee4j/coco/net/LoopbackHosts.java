package io.tee4j.coco.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Loopback by the text of a URL's host, never by a name lookup. A check that resolves a name and a
 * connection that resolves it again can disagree: a hostile DNS answer (DNS rebinding) or an edited
 * hosts file makes {@code http://name/} loopback for the check and a remote server for the request, so
 * cleartext secrets (a KBS session cookie, an attestation agent's evidence and tokens) would leave the
 * machine. Here a host is loopback only when it is written as {@code 127.a.b.c} (each part 0-255) or
 * {@code [::1]}, or is the name {@code localhost}, and {@link #pinned} replaces that name by
 * {@code 127.0.0.1}, so the address checked is the address connected to and nothing is resolved.
 *
 * <p>Not covered: a local process listening on the loopback port (loopback is trusted as this machine).
 *
 * @since 0.1
 */
public final class LoopbackHosts {
    private LoopbackHosts() {
    }

    /**
     * The loopback literal for {@code host} as {@link URI#getHost()} gives it: {@code 127.a.b.c} or
     * {@code [::1]} unchanged, {@code localhost} (any case) as {@code 127.0.0.1}; empty for any other host.
     */
    public static Optional<String> literal(String host) {
        if (host == null) {
            return Optional.empty();
        }
        if (host.equalsIgnoreCase("localhost")) {
            return Optional.of("127.0.0.1");
        }
        if (host.equals("[::1]") || host.equals("::1")) {
            return Optional.of("[::1]");
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return Optional.empty();
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(host);
    }

    /** Whether {@code host} is loopback by its text ({@link #literal}). */
    public static boolean isLoopback(String host) {
        return literal(host).isPresent();
    }

    /**
     * {@code uri} with its host replaced by the loopback literal, so connecting resolves nothing.
     *
     * @throws IllegalArgumentException the host is not loopback by its text
     */
    public static URI pinned(URI uri) {
        String literal = literal(uri.getHost()).orElseThrow(() -> new IllegalArgumentException(
                "not a loopback host written as 127.x.x.x, [::1] or localhost: " + uri.getHost()));
        try {
            return new URI(uri.getScheme(), uri.getRawUserInfo() == null ? null : uri.getUserInfo(), literal
                    .replace("[", "").replace("]", ""), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot pin " + uri + ": " + e.getMessage(), e);
        }
    }
}
