package io.tee4j.coco.kbs;

import io.tee4j.coco.jwe.ResponseDecryptor;
import io.tee4j.coco.net.LoopbackHosts;
import io.tee4j.coco.jwe.TeeKeyAlgorithm;
import io.tee4j.coco.jwe.TeeKeyPair;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.Sleeper;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trustee KBS client: attests with the RCAR handshake, then fetches resources.
 *
 * <p>{@link #attest()}: {@code POST /kbs/v0/auth} with protocol version {@value KbsRequest#PROTOCOL_VERSION}
 * → challenge and session cookie; a fresh {@link TeeKeyPair}; evidence from the {@link Attester} over
 * H(JCS({nonce, tee-pubkey, additional-evidence})) padded to the TEE's report-data size, sent in the shape
 * the attestation agent sends it in ({@link EvidenceJson}), with the pod's {@link InitData} when one is
 * configured; {@code POST /kbs/v0/attest} → attestation token. {@link #getResource}: {@code GET
 * /kbs/v0/resource/<repository>/<type>/<tag>} with the cookie, the JWE decrypted with the session key.
 * A 401 other than a policy deny (the session expired on the KBS) is answered by one fresh attestation.
 *
 * <p>The client checks the shapes of the KBS's answers and the JWE's integrity; it cannot check
 * the KBS's identity (use {@code https} and the JDK's trust store, or a custom {@link HttpClient}).
 * Thread-safe; one session at a time per client.
 */
public final class KbsClient {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final KbsHttp http;
    private final Attester attester;
    private final TeeKeyAlgorithm keyAlgorithm;
    private final Clock clock;
    private final InitData initData;
    private KbsSession session;

    private KbsClient(Builder b) {
        this.http = new KbsHttp(b.httpClient, b.baseUri, b.timeout, b.attempts, b.backoff, b.sleeper);
        this.attester = b.attester;
        this.keyAlgorithm = b.keyAlgorithm;
        this.clock = b.clock;
        this.initData = b.initData;
    }

    /** A builder for a KBS at {@code baseUri} (e.g. {@code https://kbs.example:8080}) attesting with {@code attester}. */
    public static Builder builder(URI baseUri, Attester attester) {
        return new Builder(baseUri, attester);
    }

    /** Runs the RCAR handshake and keeps the new session. */
    public synchronized KbsSession attest() throws AttestationException {
        TeeKeyPair key = TeeKeyPair.generate(keyAlgorithm);
        KbsHttp.Answer auth = http.post("kbs/v0/auth", request(KbsTee.name(attester.type())), null);
        if (auth.status() != 200) {
            throw KbsHttp.error(auth);
        }
        String cookie = auth.sessionCookie().orElseThrow(() -> new MalformedEvidenceException(
                "KBS auth answer set no " + KbsHttp.COOKIE + " cookie"));
        Challenge challenge = Challenge.parse(auth.body());
        RuntimeData runtime = new RuntimeData(challenge.nonce(), key.publicJwk(), "");
        byte[] digest = digest(runtime, challenge.hashAlgorithm());
        // SE answers the KBS's challenge object, with the digest inside it; the others bind the digest itself.
        Evidence evidence = attester.attest(attester.type() == io.tee4j.core.TeeType.IBM_SE
                ? SeChallenge.attesterInput(challenge.nonce(), digest) : KbsTee.reportData(attester.type(), digest));
        AttestationMessage message = new AttestationMessage(runtime, EvidenceJson.encode(evidence), initData);
        KbsHttp.Answer attest = http.post("kbs/v0/attest", json(message), cookie);
        if (attest.status() != 200) {
            throw KbsHttp.error(attest);
        }
        session = new KbsSession(attest.sessionCookie().orElse(cookie), token(attest.body()), key, clock.instant());
        return session;
    }

    /** The current session's attestation token, attesting first if there is no session. */
    public synchronized String attestationToken() throws AttestationException {
        return (session != null ? session : attest()).attestationToken();
    }

    /**
     * The resource {@code repository/type/tag}, decrypted. Segments are 1-128 characters of
     * {@code [A-Za-z0-9._-]} and not {@code .} or {@code ..}.
     */
    public synchronized SecretBytes getResource(String repository, String type, String tag) throws AttestationException {
        String path = "kbs/v0/resource/" + segment(repository) + "/" + segment(type) + "/" + segment(tag);
        KbsSession s = session != null ? session : attest();
        KbsHttp.Answer a = http.get(path, s.cookie());
        if (a.status() == 401 && !KbsHttp.error(a).errorType().filter("PolicyDeny"::equals).isPresent()) {
            s = attest();
            a = http.get(path, s.cookie());
        }
        if (a.status() != 200) {
            throw KbsHttp.error(a);
        }
        return ResponseDecryptor.decrypt(a.body(), s.teeKey());
    }

    private static String segment(String s) {
        Objects.requireNonNull(s, "resource path segment");
        if (!SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("resource path segment must be 1-128 of [A-Za-z0-9._-] and not . or ..");
        }
        return s;
    }

    private static byte[] digest(RuntimeData runtime, HashAlgorithm hash) throws MalformedEvidenceException {
        try {
            return runtime.digest(hash);
        } catch (JsonException e) {
            throw new MalformedEvidenceException("KBS nonce cannot be canonicalised: " + e.getMessage(), e);
        }
    }

    private static byte[] json(AttestationMessage m) throws MalformedEvidenceException {
        try {
            return m.toJson();
        } catch (JsonException e) {
            throw new MalformedEvidenceException("attestation message cannot be written: " + e.getMessage(), e);
        }
    }

    private static byte[] request(String tee) throws MalformedEvidenceException {
        try {
            return KbsRequest.of(tee).toJson();
        } catch (JsonException e) {
            throw new MalformedEvidenceException("request cannot be written: " + e.getMessage(), e);
        }
    }

    private static String token(byte[] body) throws MalformedEvidenceException {
        try {
            Map<String, Object> m = Json.object(Json.parse(body), "attest answer");
            String t = Json.string(m, "token", "attest answer");
            if (t.isEmpty() || t.length() > 64 * 1024) {
                throw new MalformedEvidenceException("KBS token is empty or longer than 64 KiB");
            }
            return t;
        } catch (JsonException e) {
            throw new MalformedEvidenceException("KBS attest answer: " + e.getMessage(), e);
        }
    }

    /** Options for {@link KbsClient}. */
    public static final class Builder {
        private final URI baseUri;
        private final Attester attester;
        private HttpClient httpClient;
        private TeeKeyAlgorithm keyAlgorithm = TeeKeyAlgorithm.ECDH_ES_A256KW_P256;
        private Duration timeout = Duration.ofSeconds(30);
        private int attempts = 3;
        private Duration backoff = Duration.ofMillis(200);
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();
        private InitData initData;

        private Builder(URI baseUri, Attester attester) {
            Objects.requireNonNull(baseUri, "baseUri");
            String scheme = String.valueOf(baseUri.getScheme());
            if (!scheme.equals("https") && !scheme.equals("http") || baseUri.getHost() == null) {
                throw new IllegalArgumentException("KBS URL must be http(s)://host[:port]");
            }
            // The session cookie and the attestation token would cross the network in clear text:
            // plain http only to this machine (a fake KBS in tests, a sidecar on loopback).
            if (scheme.equals("http") && !LoopbackHosts.isLoopback(baseUri.getHost())) {
                throw new IllegalArgumentException("plain http is allowed to loopback only (localhost, 127.0.0.0/8, "
                        + "[::1]); use https for " + baseUri.getHost());
            }
            if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
                throw new IllegalArgumentException("KBS URL must not carry a query or fragment");
            }
            // Plain http goes to the literal checked: no resolution between the check and the connection.
            URI target = scheme.equals("http") ? LoopbackHosts.pinned(baseUri) : baseUri;
            this.baseUri = target.getPath().endsWith("/") ? target : URI.create(target + "/");
            this.attester = Objects.requireNonNull(attester, "attester");
            if (!EvidenceJson.supports(attester.type())) {
                throw new IllegalArgumentException("a KBS client attests with SEV-SNP, TDX, CCA, "
                        + "Azure SNP/TDX vTPM or IBM SE evidence (trustee's shapes), not " + attester.type().id()
                        + missing(attester.type()));
            }
        }

        /** What keeps {@code tee} from a KBS session, for the refusal's message. */
        private static String missing(io.tee4j.core.TeeType tee) {
            switch (tee) {
                case NVIDIA_GPU:
                    return ": trustee takes NVIDIA GPU evidence only as additional-evidence beside a CPU TEE, which "
                            + "tee4j does not send yet";
                default:
                    return ": trustee has no verifier for it";
            }
        }

        /**
         * The pod's init-data, sent with every attestation (default none). trustee then requires the
         * TEE's launch-bound field (SNP HOST_DATA, TDX MRCONFIGID, CCA personalization value) to hold
         * its digest ({@link InitData#digest}) and puts its {@code data} into the token's claims.
         */
        public Builder initData(InitData d) {
            this.initData = Objects.requireNonNull(d, "initData");
            return this;
        }

        /** The TEE key algorithm (default ECDH-ES+A256KW on P-256, guest-components' default). */
        public Builder keyAlgorithm(TeeKeyAlgorithm a) {
            this.keyAlgorithm = Objects.requireNonNull(a);
            return this;
        }

        /** The HTTP client (default: the JDK's, following no redirects). */
        public Builder httpClient(HttpClient c) {
            this.httpClient = Objects.requireNonNull(c);
            return this;
        }

        /** Per-request timeout (default 30 s). */
        public Builder timeout(Duration d) {
            this.timeout = Objects.requireNonNull(d);
            return this;
        }

        /** Attempts per request on transport failures, at least 1 (default 3), with doubling backoff. */
        public Builder retries(int attempts, Duration backoff, Sleeper sleeper) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
            this.attempts = attempts;
            this.backoff = Objects.requireNonNull(backoff);
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        /** The clock stamping sessions. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** The client. */
        public KbsClient build() {
            if (httpClient == null) {
                httpClient = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(timeout).build();
            }
            return new KbsClient(this);
        }
    }
}
