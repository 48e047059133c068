package io.tee4j.coco.token;

import io.tee4j.coco.net.LoopbackHosts;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Veraison's EAR verification key from its well-known document
 * ({@code /.well-known/veraison/verification}, member {@code ear-verification-key}), fetched from
 * the URL the caller configured and from nowhere else (never from a token). The URL must be
 * {@code https} (plain {@code http} only on loopback by its text, for a local Veraison:
 * {@link LoopbackHosts}, so a DNS answer cannot turn a checked loopback name into a remote peer); redirects are not
 * followed. The key is trusted because the configured URL served it over TLS; nothing else about
 * it is checked.
 */
public final class VeraisonKeys {
    /** Largest well-known document read. */
    static final int MAX_BODY = 64 << 10;

    private VeraisonKeys() {
    }

    /**
     * Fetches the document at {@code wellKnown} and reads its {@code ear-verification-key}.
     *
     * @throws CollateralUnavailableException the document could not be had (class 3)
     * @throws MalformedEvidenceException it holds no usable key (class 6)
     */
    public static TokenKeys fetch(URI wellKnown, Duration timeout)
            throws CollateralUnavailableException, MalformedEvidenceException {
        wellKnown = requireAllowed(wellKnown);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(wellKnown).timeout(timeout)
                .header("Accept", "application/vnd.veraison.discovery+json, application/json").GET().build();
        byte[] body;
        int status;
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
        } catch (IOException e) {
            throw new CollateralUnavailableException("Veraison well-known document: " + e.getClass().getSimpleName(),
                    wellKnown.toString(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollateralUnavailableException("interrupted", wellKnown.toString(), true, e);
        }
        if (status != 200) {
            throw new CollateralUnavailableException("Veraison well-known document: HTTP " + status,
                    wellKnown.toString(), status >= 500);
        }
        if (body.length > MAX_BODY) {
            throw new MalformedEvidenceException("Veraison well-known document larger than " + MAX_BODY + " bytes");
        }
        return TokenKeys.ofJwks(body);
    }

    /** The URL to connect to: https as given, plain http only to a loopback literal it is pinned to. */
    private static URI requireAllowed(URI uri) {
        if ("https".equals(uri.getScheme())) {
            return uri;
        }
        if ("http".equals(uri.getScheme()) && LoopbackHosts.isLoopback(uri.getHost())) {
            return LoopbackHosts.pinned(uri);
        }
        throw new IllegalArgumentException("the Veraison well-known URL must be https (http only to loopback written "
                + "as 127.x.x.x, [::1] or localhost, never a name that resolves there): " + uri);
    }
}
