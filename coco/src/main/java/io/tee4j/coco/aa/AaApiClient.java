package io.tee4j.coco.aa;

import io.tee4j.coco.net.LoopbackHosts;
import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client of the Confidential Containers guest-components REST API ({@code api-server-rest}),
 * which answers loopback peers only, on {@code 127.0.0.1:8006} by default: {@code /info},
 * {@code /aa/evidence}, {@code /aa/token} and {@code /cdh/resource/<repo>/<type>/<tag>}. No API on the
 * address (nothing listening, or a route of a feature the pod did not enable) is "no TEE"
 * ({@link TeeUnavailableException}); an API that answers but whose data hub cannot get a resource, or
 * that does not answer in time, is {@link CollateralUnavailableException}. Only loopback base URIs
 * are accepted, by their text ({@link LoopbackHosts}): the address checked is the address connected
 * to, so no DNS answer can send evidence, tokens or secrets off the machine. Runtime data is sent
 * base64url-encoded and is not hashed by the agent (at most 64 bytes, zero-padded by the attesters).
 *
 * <p>Not verified here: the evidence (verify it with the TEE's backend; it is trustee's JSON for
 * the pod's TEE), the token (see {@link io.tee4j.coco.token.TokenVerifier}), the resource (the
 * CDH decrypted it after its own attestation).
 */
public final class AaApiClient {
    /** The API's fixed address in a CoCo pod. */
    public static final URI DEFAULT_BASE = URI.create("http://127.0.0.1:8006");
    /** Largest answer read (evidence with a TDX event log is well below this). */
    static final int MAX_BODY = 4 << 20;
    static final String FEATURE_HINT = "the attestation agent's REST API serves /aa/* only with the attestation "
            + "feature: start the pod with the kernel parameter agent.guest_components_rest_api=all "
            + "(Kata's default, resource, serves /cdh/resource only)";

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    private AaApiClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.of(null)).build();
    }

    /** A client of the API at {@link #DEFAULT_BASE}. */
    public static AaApiClient local() {
        return new AaApiClient(DEFAULT_BASE, Duration.ofSeconds(30));
    }

    /**
     * A client of the API at {@code base}, which must be {@code http} on a loopback address (the
     * API refuses any other peer; evidence and tokens never leave the pod).
     */
    public static AaApiClient at(URI base, Duration timeout) {
        if (!"http".equals(base.getScheme()) || !LoopbackHosts.isLoopback(base.getHost())) {
            throw new IllegalArgumentException("the attestation agent API is reached over http on loopback written as "
                    + "127.x.x.x, [::1] or localhost only (a name is not resolved to decide), not " + base);
        }
        return new AaApiClient(LoopbackHosts.pinned(URI.create("http://" + base.getRawAuthority())), timeout);
    }

    /** {@code GET /info}. */
    public AaInfo info() throws AttestationException {
        Map<String, Object> m = object(get("/info", "info"), "/info");
        List<String> additional = new ArrayList<>();
        if (m.get("additional_tees") instanceof List) {
            ((List<?>) m.get("additional_tees")).forEach(t -> additional.add(String.valueOf(t)));
        }
        Object tee = m.get("tee");
        return new AaInfo(String.valueOf(m.getOrDefault("version", "")),
                tee instanceof String ? Optional.of((String) tee) : Optional.empty(), additional,
                String.valueOf(m.getOrDefault("feature", "")));
    }

    /** {@code GET /aa/evidence}: the primary evidence JSON with {@code runtimeData} (1 to 64 bytes) bound. */
    public byte[] evidence(byte[] runtimeData) throws AttestationException {
        if (runtimeData.length == 0 || runtimeData.length > 64) {
            throw new IllegalArgumentException("runtime data: 1 to 64 bytes (the agent does not hash it), got "
                    + runtimeData.length);
        }
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(runtimeData);
        return get("/aa/evidence?runtime_data=" + b64 + "&encoding=base64", "evidence");
    }

    /** {@code GET /aa/token?token_type=kbs|coco_as}. */
    public AaToken token(String tokenType) throws AttestationException {
        if (!tokenType.equals("kbs") && !tokenType.equals("coco_as")) {
            throw new IllegalArgumentException("token type: kbs or coco_as, not " + tokenType);
        }
        Map<String, Object> m = object(get("/aa/token?token_type=" + tokenType, "token"), "/aa/token");
        try {
            return new AaToken(Json.string(m, "token", "$"), Json.string(m, "tee_keypair", "$"));
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("/aa/token: " + e.getMessage());
        }
    }

    /** {@code GET /cdh/resource/<repo>/<type>/<tag>}: the resource the CDH fetched from its KBS and decrypted. */
    public SecretBytes resource(String repo, String type, String tag, SecretAccess access) throws AttestationException {
        return resource(new CdhResourceUri(repo, type, tag), access);
    }

    /** {@code GET /cdh/resource/<repo>/<type>/<tag>} for {@code kbs:///<repo>/<type>/<tag>}. */
    public SecretBytes resource(CdhResourceUri uri, SecretAccess access) throws AttestationException {
        byte[] body = get("/cdh/resource/" + uri.path(), "resource " + uri);
        try {
            return SecretBytes.copyOf(body, access);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private byte[] get(String pathAndQuery, String what) throws AttestationException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET().build();
        HttpResponse<InputStream> r;
        byte[] body;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException) {
                throw new TeeUnavailableException("no Confidential Containers attestation agent API at " + base
                        + " (connection timed out; not inside a CoCo pod?)", e);
            }
            // Something listens but did not answer in time (the CDH may still be waiting for its KBS).
            throw new CollateralUnavailableException("the attestation agent API at " + base + " did not answer "
                    + what + " within " + timeout, pathAndQuery, true, e);
        } catch (IOException e) {
            throw new TeeUnavailableException("no Confidential Containers attestation agent API at " + base
                    + " (not inside a CoCo pod?): " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TeeUnavailableException("interrupted while asking the attestation agent for " + what, e);
        }
        if (body.length > MAX_BODY) {
            throw new MalformedEvidenceException(what + ": the API answered more than " + MAX_BODY + " bytes");
        }
        if (r.statusCode() == 200) {
            return body;
        }
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        if (r.statusCode() == 404 && pathAndQuery.startsWith("/aa/")) {
            throw new TeeUnavailableException("/aa/" + what + " is not served (" + text + "): " + FEATURE_HINT);
        }
        if (r.statusCode() == 404 && text.contains("Feature Not Enabled")) {
            throw new TeeUnavailableException(what + " is not served (" + text + "): start the pod with "
                    + "agent.guest_components_rest_api=resource or all");
        }
        if (pathAndQuery.startsWith("/cdh/")) {
            // The API is there; the CDH could not get the resource (KBS unreachable, refused, or no such resource).
            throw new CollateralUnavailableException("the confidential data hub could not get the " + what + " (HTTP "
                    + r.statusCode() + (text.isEmpty() ? "" : ": " + printable(text)) + ")", pathAndQuery,
                    r.statusCode() >= 500);
        }
        throw new TeeUnavailableException("the attestation agent API answered HTTP " + r.statusCode() + " for " + what
                + (text.isEmpty() ? "" : ": " + text));
    }

    /** Server text shown to the user: printable ASCII only (it comes from outside this process). */
    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Map<String, Object> object(byte[] body, String what) throws MalformedEvidenceException {
        try {
            return Json.object(Json.parse(body), what);
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException(what + ": " + e.getMessage());
        }
    }
}
