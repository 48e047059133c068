package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP sidecar behind {@code tee4j serve}: lets services in any language attest and verify
 * through tee4j over loopback.
 *
 * <ul>
 *   <li>{@code GET /healthz} — liveness, version and the backends present;
 *   <li>{@code GET /metrics} — Prometheus text: verifications by TEE and result, latency,
 *       collateral cache hits and fetches ({@link SidecarMetrics});
 *   <li>{@code POST /v1/verify} — {@code {"tee", "evidence" (base64), "certificates"?: [base64],
 *       "trustRoots"?: [base64], "rimTrustRoots"?: [base64] (nvidia-gpu: RIM signing roots, as
 *       {@code --rim-trust-root}; {@code trustRoots} are then device identity roots only),
 *       "policy"?: {...}, "nonce"?: hex (as {@code tee4j verify --nonce}),
 *       "at"?: ISO-8601, "format"?: "native"|"ear",
 *       "noRevocationCheck"?: bool}} → the native result JSON or an EAR ({@link VerifyEndpoint});
 *   <li>{@code POST /v1/attest} — {@code {"tee"?: id|"auto", "reportData": hex}} → the evidence in
 *       base64 with its certificates; needs the bearer token when one is configured
 *       ({@link AttestEndpoint}).
 * </ul>
 *
 * <p>Bound beyond loopback (a token is then mandatory), every endpoint but {@code /healthz} needs
 * the token. Collateral files given at start are offered to every verification
 * ({@code collateral}) or only to one TEE's ({@code teeCollateral}); fetching goes through one
 * process-wide {@link SidecarCollateral} restricted to the vendor hosts, and each distinct
 * configuration keeps one prepared verifier with its warm caches for the life of the process
 * ({@link SidecarVerifiers}; client-supplied root sets in a bounded LRU).
 *
 * <p>Threads and limits: each connection is served on a bounded pool of connection threads
 * ({@code workers + queue + 16}); the method, the token and the capped body are handled there
 * before a verification slot ({@code workers} of them) is asked for, so clients that trickle
 * their requests hold connection threads, never slots. A request waits at most 2 s for a slot,
 * then gets 503 with {@code Retry-After}; {@code /healthz} takes no slot. When every connection
 * thread is busy a new connection is answered 503 and closed at once rather than queued (the
 * {@code jdk} transport closes it without a reply). Every phase of a connection is timed: on the
 * default transport 10 s for a request head, 30 s for a body, 30 s idle between kept-alive requests
 * and 60 s for a reply ({@link io.tee4j.cli.http.HttpLimits}); on {@code jdk} the JDK server's timers
 * end a request still arriving after 30 s and a reply still unread after 60 s. Errors are JSON
 * with the failure class and the exit code the command would have returned; the HTTP status is
 * 200 for any verification outcome, 400 for a bad request, 401 without the token, 413 for an
 * oversized body, 503 when overloaded or when collateral or a TEE is unavailable.
 */
final class Sidecar implements AutoCloseable {

    /**
     * The HTTP server under the endpoints. {@link #BLOCKING} (the default, {@code --http-server
     * blocking}): {@link io.tee4j.cli.http.BlockingHttpServer}, one pooled thread per connection that
     * reads, handles and answers each request itself, with strict request framing and a timer on
     * every phase. {@link #JDK} ({@code --http-server jdk}): the JDK's {@code com.sun.net.httpserver}
     * server of earlier releases, kept selectable for one release.
     */
    enum Transport {
        BLOCKING, JDK
    }

    /** How the sidecar obtains an attester for a TEE type (or for "auto" when {@code type} is null). */
    interface AttesterResolver {
        Attester resolve(TeeType type) throws AttestationException;
    }

    /** The largest {@code maxBodyBytes}: the body is held in memory while it is verified. */
    static final int MAX_BODY_LIMIT = 64 << 20;
    /** Connection threads beyond the slots and their waiting room: body readers and {@code /healthz}. */
    static final int SPARE_CONNECTION_THREADS = 16;
    private static final long SLOT_WAIT_MILLIS = 2_000;

    /**
     * Settings of one sidecar.
     *
     * @param proxy where vendor requests go (null: direct connections)
     * @param cacheDir the collateral cache directory (null: the configured one or the default)
     * @param services the collateral endpoints, allow-list and TLS roots ({@code --pccs-url}, ...)
     */
    record Config(InetAddress bind, int port, int maxBodyBytes, int workers, int queue, String bearerToken,
            boolean offline, boolean skipRevocation, List<Path> collateral, Map<TeeType, List<Path>> teeCollateral,
            Clock clock, AttesterResolver attesters, ProxySelector proxy, Path cacheDir, CollateralSettings services) {
        Config(InetAddress bind, int port, int maxBodyBytes, int workers, int queue, String bearerToken,
                boolean offline, boolean skipRevocation, List<Path> collateral, Map<TeeType, List<Path>> teeCollateral,
                Clock clock, AttesterResolver attesters, ProxySelector proxy, Path cacheDir) {
            this(bind, port, maxBodyBytes, workers, queue, bearerToken, offline, skipRevocation, collateral,
                    teeCollateral, clock, attesters, proxy, cacheDir, CollateralSettings.DEFAULT);
        }

        Config(InetAddress bind, int port, int maxBodyBytes, int workers, int queue, String bearerToken,
                boolean offline, boolean skipRevocation, List<Path> collateral, Map<TeeType, List<Path>> teeCollateral,
                Clock clock, AttesterResolver attesters) {
            this(bind, port, maxBodyBytes, workers, queue, bearerToken, offline, skipRevocation, collateral,
                    teeCollateral, clock, attesters, null, null);
        }

        Config(InetAddress bind, int port, int maxBodyBytes, int workers, int queue, String bearerToken,
                boolean offline, boolean skipRevocation, List<Path> collateral, Clock clock, AttesterResolver attesters) {
            this(bind, port, maxBodyBytes, workers, queue, bearerToken, offline, skipRevocation, collateral, Map.of(),
                    clock, attesters);
        }

        Config {
            Objects.requireNonNull(bind, "bind");
            collateral = List.copyOf(collateral);
            teeCollateral = Map.copyOf(teeCollateral);
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(attesters, "attesters");
            Objects.requireNonNull(services, "services");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes must be 1.." + MAX_BODY_LIMIT);
            }
            if (workers < 1 || queue < 0) {
                throw new IllegalArgumentException("workers must be at least 1 and queue not negative");
            }
            if (!bind.isLoopbackAddress() && (bearerToken == null || bearerToken.isEmpty())) {
                throw new IllegalArgumentException("binding beyond loopback needs a bearer token");
            }
        }

        /** Whether the token guards every endpoint but {@code /healthz} (bound beyond loopback). */
        boolean tokenEverywhere() {
            return !bind.isLoopbackAddress();
        }

        boolean hasToken() {
            return bearerToken != null && !bearerToken.isEmpty();
        }
    }

    /**
     * A status, a JSON body and extra headers: what one request is answered with. The body is a
     * tree, or, for a verified result ({@link #verified}), the compact bytes {@link SuccessReplyWriter}
     * already wrote, with the TEE it is about ({@code verifiedTee}, null for every other reply).
     * Either form is made from the other only when asked for: the wire writes a tree, a test reads
     * a written body as a tree.
     */
    record Reply(int status, JsonNode body, Map<String, String> headers, byte[] compact, TeeType verifiedTee) {
        Reply(int status, JsonNode body) {
            this(status, body, Map.of());
        }

        Reply(int status, JsonNode body, Map<String, String> headers) {
            this(status, body, headers, null, null);
        }

        /** A 200 for a verified result of {@code tee}, its body already written as compact JSON. */
        static Reply verified(TeeType tee, byte[] compactJson) {
            return new Reply(200, null, Map.of(), compactJson, Objects.requireNonNull(tee, "tee"));
        }

        static Reply error(int status, String code, int exitCode, String message) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            ObjectNode err = out.putObject("error");
            err.put("class", code);
            err.put("exitCode", exitCode);
            err.put("message", message);
            return new Reply(status, out);
        }

        /** The body as a tree (a written body read back). */
        @Override
        public JsonNode body() {
            if (body != null || compact == null) {
                return body;
            }
            try {
                return Json.readStrict(compact);
            } catch (Json.StrictJsonException e) {
                throw new IllegalStateException("a reply tee4j wrote is one JSON value", e);
            }
        }

        /** The body as compact UTF-8 JSON, as it goes on the wire. */
        byte[] compactBytes() {
            return compact != null ? compact : NodeWriter.writeCompactBytes(body);
        }
    }

    static {
        JdkHttpServerSettings.apply();
    }

    private final Config config;
    private final HttpServer server;
    private final ThreadPoolExecutor connections;
    private final Semaphore slots;
    private final Map<TeeType, TeeBackend> backends;
    private final VerifyEndpoint verifyEndpoint;
    private final AttestEndpoint attestEndpoint;
    private final SidecarMetrics metrics = new SidecarMetrics();

    /**
     * Binds the port (not yet serving).
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    Sidecar(Config config) throws IOException {
        this(config, null);
    }

    /**
     * Binds the port, serving HTTPS with {@code tls} when it is not null ({@code tee4j serve --tls
     * attested}: an attested TLS server context).
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    Sidecar(Config config, javax.net.ssl.SSLContext tls) throws IOException {
        this(config, tls, Transport.BLOCKING);
    }

    /**
     * Binds the port on the given HTTP server implementation, HTTPS when {@code tls} is not null.
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    Sidecar(Config config, javax.net.ssl.SSLContext tls, Transport transport) throws IOException {
        this.config = config;
        this.backends = Backends.all();
        List<Path> serverPaths = new ArrayList<>(config.collateral());
        config.teeCollateral().values().forEach(serverPaths::addAll);
        serverPaths.add(config.services().cacheDirOr(config.cacheDir()));
        SafeMessages messages = new SafeMessages(serverPaths);
        SidecarCollateral collateral = SidecarCollateral.open(config.offline(), config.cacheDir(), config.clock(),
                config.proxy(), config.services(), metrics);
        this.verifyEndpoint = new VerifyEndpoint(backends, config, collateral, messages);
        this.attestEndpoint = new AttestEndpoint(config.attesters(), messages);
        this.slots = new Semaphore(config.workers());
        // No queue: a connection either gets a thread now or is closed (the JDK server closes it
        // when the executor refuses). A queue would park /healthz behind trickling clients.
        int threads = config.workers() + config.queue() + SPARE_CONNECTION_THREADS;
        this.connections = new ThreadPoolExecutor(config.workers(), threads, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "tee4j-sidecar");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        InetSocketAddress address = new InetSocketAddress(config.bind(), config.port());
        if (transport == Transport.BLOCKING) {
            this.server = io.tee4j.cli.http.BlockingHttpServer.create(address, 64,
                    io.tee4j.cli.http.HttpLimits.defaults(config.maxBodyBytes()), tls);
        } else {
            this.server = tls == null ? HttpServer.create(address, 64) : https(address, tls);
        }
        server.setExecutor(connections);
        server.createContext("/healthz", ex -> exchange(ex, "GET", false, body -> health()));
        server.createContext("/v1/verify", ex -> exchange(ex, "POST", config.tokenEverywhere(),
                body -> metrics.timeVerification(() -> withSlot(() -> verifyEndpoint.reply(body)))));
        server.createContext("/metrics", new MetricsEndpoint(metrics, config)::handle);
        server.createContext("/v1/attest", ex -> exchange(ex, "POST", config.hasToken(),
                body -> withSlot(() -> attestEndpoint.reply(body))));
        // The EAR signing key is public material for relying parties: served without the bearer token.
        server.createContext("/.well-known/jwks.json", ex -> exchange(ex, "GET", false, body -> verifyEndpoint.jwks()));
        server.createContext("/", ex -> exchange(ex, null, config.tokenEverywhere(),
                body -> Reply.error(404, "NOT_FOUND", 1, "no such endpoint")));
    }

    private static HttpServer https(InetSocketAddress address, javax.net.ssl.SSLContext tls) throws IOException {
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        return https;
    }

    /**
     * Signs results asked for with {@code "format": "ear-jwt"} and serves the public key at
     * {@code /.well-known/jwks.json}; call before {@link #start()}.
     */
    void earSigner(io.tee4j.coco.token.EarSigner signer) {
        verifyEndpoint.earSigner(signer);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        connections.shutdownNow();
    }

    /**
     * Answers one {@code /v1/verify} request body, without HTTP and without a slot: what the
     * endpoint sends back. Package-private for the request fuzz harness.
     */
    Reply verifyReply(byte[] requestBody) {
        return verifyEndpoint.reply(requestBody);
    }

    /** The prepared verifiers kept for the life of this sidecar. */
    SidecarVerifiers verifiers() {
        return verifyEndpoint.verifiers();
    }

    /** Answers one {@code /v1/attest} request body (the token already checked), without HTTP. */
    Reply attestReply(byte[] requestBody) {
        return attestEndpoint.reply(requestBody);
    }

    /**
     * One exchange: method and token first, then the whole body (capped), then the endpoint,
     * then the reply in one write. A client that goes away mid-body is dropped without a reply.
     *
     * @param method the method the endpoint takes, or null for any (the 404 endpoint)
     */
    private void exchange(HttpExchange ex, String method, boolean tokenRequired, Function<byte[], Reply> endpoint) {
        Reply reply;
        try {
            if (method != null) {
                SidecarHttp.requireMethod(ex, method);
            }
            if (tokenRequired) {
                SidecarHttp.requireToken(ex, config.bearerToken());
            }
            byte[] body = "POST".equals(method) ? SidecarHttp.readBody(ex, config.maxBodyBytes()) : new byte[0];
            reply = endpoint.apply(body);
        } catch (BadRequest e) {
            reply = Reply.error(e.status, e.code, 1, e.getMessage());
            if (e.status == 401) {
                reply = new Reply(401, reply.body(), Map.of("WWW-Authenticate", "Bearer"));
            }
        } catch (IOException e) {
            ex.close();
            return;
        } catch (RuntimeException e) {
            reply = Reply.error(500, "INTERNAL", 1, "internal error: " + e.getClass().getSimpleName());
        }
        try {
            SidecarHttp.send(ex, reply);
        } catch (IOException e) {
            // The client stopped reading; nothing more to tell it.
        } finally {
            ex.close();
        }
    }

    /** Runs {@code work} in a verification slot, waiting at most 2 s for one; 503 otherwise. */
    private Reply withSlot(Supplier<Reply> work) {
        try {
            if (!slots.tryAcquire(SLOT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                Reply busy = Reply.error(503, "OVERLOADED", 1, "too many concurrent requests; retry later");
                return new Reply(503, busy.body(), Map.of("Retry-After", "1"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(503, "OVERLOADED", 1, "shutting down");
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    private Reply health() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("status", "ok");
        out.put("version", VersionProvider.version());
        ArrayNode list = out.putArray("backends");
        backends.keySet().forEach(t -> list.add(t.id()));
        return new Reply(200, out);
    }

    static TeeType teeType(String id) {
        try {
            return TeeType.fromId(id);
        } catch (IllegalArgumentException e) {
            throw BadRequest.usage("$.tee: " + e.getMessage());
        }
    }
}
