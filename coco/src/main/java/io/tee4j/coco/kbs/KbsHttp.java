package io.tee4j.coco.kbs;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.Sleeper;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client's HTTP exchange with one KBS: bounded bodies, the session cookie sent only to the
 * configured origin, retries on transport failures only (an HTTP answer, error or not, is never
 * retried: re-sending an attestation could not change the verdict, only double the load).
 */
final class KbsHttp {
    static final String COOKIE = "kbs-session-id";
    private static final Pattern SESSION = Pattern.compile("(?:^|;\\s*)" + COOKIE + "=([A-Za-z0-9_-]{1,128})(?:;|$)");

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final int attempts;
    private final Duration backoff;
    private final Sleeper sleeper;

    KbsHttp(HttpClient http, URI base, Duration timeout, int attempts, Duration backoff, Sleeper sleeper) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
        this.attempts = attempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /** One answer: status, body and the session cookie it set, if any. */
    record Answer(int status, byte[] body, Optional<String> sessionCookie) {
    }

    Answer post(String path, byte[] body, String cookie) throws KbsException, MalformedEvidenceException {
        HttpRequest.Builder b = request(path, cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.build());
    }

    Answer get(String path, String cookie) throws KbsException, MalformedEvidenceException {
        return send(request(path, cookie).GET().build());
    }

    private HttpRequest.Builder request(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (cookie != null) {
            b.header("Cookie", COOKIE + "=" + cookie);
        }
        return b;
    }

    private Answer send(HttpRequest request) throws KbsException, MalformedEvidenceException {
        IOException last = null;
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                pause(backoff.multipliedBy(1L << Math.min(i - 1, 6)));
            }
            try {
                HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                byte[] body = bounded(r.body());
                return new Answer(r.statusCode(), body, cookie(r.headers().allValues("set-cookie")));
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KbsException("interrupted while talking to the KBS at " + base, e);
            }
        }
        throw new KbsException("the KBS at " + base + " could not be reached after " + attempts + " attempt(s): "
                + last.getClass().getSimpleName(), last);
    }

    private void pause(Duration d) throws KbsException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbsException("interrupted while waiting to retry the KBS", e);
        }
    }

    private static byte[] bounded(InputStream in) throws IOException, MalformedEvidenceException {
        try (in) {
            byte[] b = in.readNBytes(KbsBodies.MAX_BYTES + 1);
            if (b.length > KbsBodies.MAX_BYTES) {
                throw new MalformedEvidenceException("KBS answer is larger than " + KbsBodies.MAX_BYTES + " bytes");
            }
            return b;
        }
    }

    static Optional<String> cookie(Iterable<String> setCookies) {
        for (String h : setCookies) {
            Matcher m = SESSION.matcher(h);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** The typed error of a non-200 answer. */
    static KbsException error(Answer a) {
        String type = "";
        String detail = "";
        try {
            Map<String, Object> m = Json.object(Json.parse(a.body()), "error");
            if (m.get("type") instanceof String t) {
                type = KbsException.variantOf(t);
            }
            if (m.get("detail") instanceof String d) {
                detail = d;
            }
        } catch (JsonException e) {
            detail = "";
        }
        return new KbsException(a.status(), type, detail);
    }
}
