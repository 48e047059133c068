package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP sidecar behind {@code tee4j serve}: lets services in any language attest and verify
 * through tee4j over loopback.
 *
 * <ul>
 *   <li>{@code GET /healthz} — liveness, version and the backends present;
 *   <li>{@code POST /v1/verify} — {@code {"tee", "evidence" (base64), "certificates"?: [base64],
 *       "trustRoots"?: [base64], "rimTrustRoots"?: [base64] (nvidia-gpu: RIM signing roots, as
 *       {@code --rim-trust-root}; {@code trustRoots} are then device identity roots only),
 *       "policy"?: {...}, "nonce"?: hex (as {@code tee4j verify --nonce}),
 *       "at"?: ISO-8601, "format"?: "native"|"ear",
 *       "noRevocationCheck"?: bool}} → the native result JSON or an EAR;
 *   <li>{@code POST /v1/attest} — {@code {"tee"?: id|"auto", "reportData": hex}} → the evidence in
 *       base64 with its certificates; needs the bearer token when one is configured.
 * </ul>
 *
 * <p>Collateral files given at start are offered to every verification ({@code collateral}) or
 * only to one TEE's ({@code teeCollateral}, from {@code --collateral tdx=bundle.json}), since a
 * backend refuses collateral it cannot read.
 *
 * <p>Limits: request bodies are capped, a bounded worker pool with a bounded queue answers 503
 * when full, and the JDK server's request/response timers end slow clients. Errors are JSON with
 * the failure class and the exit code the command would have returned; the HTTP status is 200 for
 * any verification outcome (a rejected evidence is a result, not a server error), 400 for a bad
 * request, 401 without the token, 413 for an oversized body, 503 when overloaded or when
 * collateral or a TEE is unavailable.
 */
final class Sidecar implements AutoCloseable {

    /** How the sidecar obtains an attester for a TEE type (or for "auto" when {@code type} is null). */
    interface AttesterResolver {
        Attester resolve(TeeType type) throws AttestationException;
    }

    /** Settings of one sidecar. */
    record Config(InetAddress bind, int port, int maxBodyBytes, int workers, int queue, String bearerToken,
            boolean offline, boolean skipRevocation, List<Path> collateral, Map<TeeType, List<Path>> teeCollateral,
            Clock clock, AttesterResolver attesters) {
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
            if (!bind.isLoopbackAddress() && (bearerToken == null || bearerToken.isEmpty())) {
                throw new IllegalArgumentException("binding beyond loopback needs a bearer token for /v1/attest");
            }
        }
    }

    private final Config config;
    private final HttpServer server;
    private static final long SLOT_WAIT_MILLIS = 2_000;

    static {
        // The JDK server's own timers end clients that trickle a request or stall reading the answer.
        // They are read once, when the server classes load, so they are set before the first server.
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "60");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private final ThreadPoolExecutor pool;
    private final Semaphore slots;
    private final Map<TeeType, TeeBackend> backends;

    Sidecar(Config config) throws IOException {
        this.config = config;
        this.backends = Backends.all();
        this.server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        // Threads beyond the verification slots only wait for a slot or answer 503; the queue is
        // bounded and overflow runs on the accepting thread, where it meets a full semaphore fast.
        this.slots = new Semaphore(config.workers());
        this.pool = new ThreadPoolExecutor(config.workers(), config.workers() + config.queue(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queue()), r -> {
                    Thread t = new Thread(r, "tee4j-sidecar");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(pool);
        server.createContext("/healthz", ex -> guarded(ex, this::health));
        server.createContext("/v1/verify", ex -> guarded(ex, this::verify));
        server.createContext("/v1/attest", ex -> guarded(ex, this::attest));
        server.createContext("/", ex -> guarded(ex, e -> error(e, 404, "NOT_FOUND", 1, "no such endpoint")));
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
        pool.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void guarded(HttpExchange exchange, Handler handler) throws IOException {
        // Not try-with-resources: the exchange must still be open in the catch blocks below.
        try {
            if (!slots.tryAcquire(SLOT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                error(exchange, 503, "OVERLOADED", 1, "too many concurrent requests; retry later");
                return;
            }
            try {
                handler.handle(exchange);
            } finally {
                slots.release();
            }
        } catch (BadRequest e) {
            error(exchange, e.status, e.code, 1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "OVERLOADED", 1, "shutting down");
        } catch (RuntimeException e) {
            error(exchange, 500, "INTERNAL", 1, "internal error: " + e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
    }

    private void health(HttpExchange ex) throws IOException {
        requireMethod(ex, "GET");
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("status", "ok");
        out.put("version", VersionProvider.version());
        ArrayNode list = out.putArray("backends");
        backends.keySet().forEach(t -> list.add(t.id()));
        send(ex, 200, out);
    }

    /** A status and JSON body: what one request is answered with. */
    record Reply(int status, JsonNode body) {
    }

    private void verify(HttpExchange ex) throws IOException {
        requireMethod(ex, "POST");
        send(ex, verifyReply(readBody(ex)));
    }

    /**
     * Answers one {@code /v1/verify} request body, without HTTP: what the endpoint sends back. A
     * request the client must fix is a 4xx reply; only a bug escapes as an unchecked exception
     * (the HTTP layer turns that into a 500). Package-private for the request fuzz harness.
     */
    Reply verifyReply(byte[] requestBody) {
        try {
            return verifyParsed(parseJson(requestBody));
        } catch (BadRequest e) {
            return errorReply(e.status, e.code, 1, e.getMessage());
        }
    }

    private Reply verifyParsed(JsonNode body) {
        Fields f = new Fields(body, Set.of("tee", "evidence", "certificates", "trustRoots", "rimTrustRoots", "policy",
                "nonce", "at", "format", "noRevocationCheck"));
        TeeType type = teeType(f.requiredText("tee"));
        TeeBackend backend = backends.get(type);
        if (backend == null) {
            throw new BadRequest(400, "USAGE", "$.tee: the " + type.id() + " backend is not part of this build");
        }
        backend = withRimTrustRoots(backend, f.base64List("rimTrustRoots"));
        String format = f.optionalText("format", "native");
        if (!format.equals("native") && !format.equals("ear")) {
            throw new BadRequest(400, "USAGE", "$.format: must be native or ear");
        }
        byte[] raw = f.base64("evidence");
        VerificationRequest request = request(f, type);
        Evidence evidence;
        try {
            evidence = backend.readEvidence(raw);
        } catch (AttestationException e) {
            return new Reply(200, format.equals("ear") ? Ear.fromFailure(type, e, raw, config.clock().instant())
                    : ResultJson.failure(type, e));
        }
        try {
            AttestationResult result = backend.verify(evidence, request);
            return new Reply(200, format.equals("ear") ? Ear.fromResult(result, raw, request.clock().instant())
                    : ResultJson.success(result));
        } catch (AttestationException e) {
            int status = e.failureClass() == FailureClass.COLLATERAL_UNAVAILABLE ? 503 : 200;
            return new Reply(status, format.equals("ear") ? Ear.fromFailure(type, e, raw, request.clock().instant())
                    : ResultJson.failure(type, e));
        } catch (PolicyFormatException e) {
            throw new BadRequest(400, "USAGE", "policy" + e.path().substring(1) + ": " + problem(e));
        }
    }

    /** The NVIDIA backend trusting the request's {@code rimTrustRoots} for RIM signatures (as --rim-trust-root). */
    private static TeeBackend withRimTrustRoots(TeeBackend backend, List<byte[]> rimTrustRoots) {
        if (rimTrustRoots.isEmpty()) {
            return backend;
        }
        if (backend.type() != TeeType.NVIDIA_GPU) {
            throw new BadRequest(400, "USAGE", "$.rimTrustRoots: applies to nvidia-gpu only");
        }
        List<X509Certificate> roots = new java.util.ArrayList<>();
        for (byte[] content : rimTrustRoots) {
            try {
                roots.addAll(Certificates.parseAll(content));
            } catch (CertificateException e) {
                throw new BadRequest(400, "USAGE", "$.rimTrustRoots: " + e.getMessage());
            }
        }
        if (roots.isEmpty()) {
            throw new BadRequest(400, "USAGE", "$.rimTrustRoots: no certificate");
        }
        return io.tee4j.nvgpu.NvGpuBackend.withRimTrustRoots(roots);
    }

    private static String problem(PolicyFormatException e) {
        String m = e.getMessage();
        int i = m.indexOf(": ");
        return i < 0 ? m : m.substring(i + 2);
    }

    private VerificationRequest request(Fields f, TeeType type) {
        VerificationRequest.Builder b = VerificationRequest.builder();
        for (byte[] certs : f.base64List("certificates")) {
            try {
                for (X509Certificate c : Certificates.parseAll(certs)) {
                    b.addCertificate(c.getEncoded());
                }
            } catch (CertificateException e) {
                throw new BadRequest(400, "USAGE", "$.certificates: " + e.getMessage());
            }
        }
        f.base64List("trustRoots").forEach(b::addTrustRoot);
        config.collateral().forEach(b::addCollateral);
        config.teeCollateral().getOrDefault(type, List.of()).forEach(b::addCollateral);
        String at = f.optionalText("at", null);
        Clock clock = config.clock();
        if (at != null) {
            try {
                clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new BadRequest(400, "USAGE", "$.at: not an ISO-8601 instant");
            }
        }
        b.clock(clock);
        JsonNode policy = f.node("policy");
        String nonce = f.optionalText("nonce", null);
        if (policy != null || nonce != null) {
            Map<String, Object> tree = new LinkedHashMap<>();
            if (policy != null) {
                if (!policy.isObject()) {
                    throw new BadRequest(400, "USAGE", "$.policy: expected an object");
                }
                try {
                    VerifyCommand.rejectNulls(policy, "$");
                } catch (PolicyFormatException e) {
                    throw new BadRequest(400, "USAGE", "policy" + e.path().substring(1) + ": " + problem(e));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> given = Json.MAPPER.convertValue(policy, LinkedHashMap.class);
                tree = given;
            }
            if (nonce != null) {
                try {
                    NonceOption.addTo(tree, type, nonce);
                } catch (UsageException e) {
                    throw new BadRequest(400, "USAGE", "$.nonce: " + e.getMessage().replace("--nonce: ", ""));
                }
            }
            b.policy(PolicyDocument.of(tree));
        }
        boolean skip = config.skipRevocation() || f.optionalBool("noRevocationCheck");
        b.revocationMode(skip ? RevocationMode.SKIP_INSECURE : RevocationMode.REQUIRE);
        b.offline(config.offline());
        b.collateralSource(CliCollateral.source(config.offline(), null, clock));
        return b.build();
    }

    private void attest(HttpExchange ex) throws IOException {
        requireMethod(ex, "POST");
        requireToken(ex);
        send(ex, attestReply(readBody(ex)));
    }

    /**
     * Answers one {@code /v1/attest} request body (the token already checked), without HTTP.
     * Package-private for the request fuzz harness.
     */
    Reply attestReply(byte[] requestBody) {
        try {
            return attestParsed(parseJson(requestBody));
        } catch (BadRequest e) {
            return errorReply(e.status, e.code, 1, e.getMessage());
        }
    }

    private Reply attestParsed(JsonNode body) {
        Fields f = new Fields(body, Set.of("tee", "reportData"));
        String teeName = f.optionalText("tee", "auto");
        TeeType type = teeName.equals("auto") ? null : teeType(teeName);
        byte[] reportData;
        try {
            reportData = HexFormat.of().parseHex(f.requiredText("reportData"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "USAGE", "$.reportData: expected hex");
        }
        try {
            Attester attester = config.attesters().resolve(type);
            Evidence evidence = attester.attest(reportData);
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("tee", evidence.type().id());
            out.put("evidence", Base64.getEncoder().encodeToString(evidence.raw()));
            ArrayNode certs = out.putArray("certificates");
            evidence.certificates().forEach(c -> certs.add(Base64.getEncoder().encodeToString(c)));
            evidence.auxBlob().ifPresent(a -> out.put("auxBlob", Base64.getEncoder().encodeToString(a)));
            return new Reply(200, out);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "USAGE", "$.reportData: " + e.getMessage());
        } catch (AttestationException e) {
            return errorReply(e.failureClass() == FailureClass.TEE_UNAVAILABLE ? 503 : 500, e.failureClass().name(),
                    e.failureClass().exitCode(), e.getMessage());
        }
    }

    private void requireToken(HttpExchange ex) {
        String token = config.bearerToken();
        if (token == null || token.isEmpty()) {
            return;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new BadRequest(401, "UNAUTHORIZED", "missing or wrong bearer token");
        }
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            throw new BadRequest(405, "METHOD_NOT_ALLOWED", "use " + method);
        }
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > config.maxBodyBytes()) {
                    throw new BadRequest(413, "TOO_LARGE", "request body larger than " + config.maxBodyBytes() + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "USAGE", "bad Content-Length");
            }
        }
        return readCapped(ex.getRequestBody(), config.maxBodyBytes());
    }

    private JsonNode parseJson(byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            throw new BadRequest(413, "TOO_LARGE", "request body larger than " + config.maxBodyBytes() + " bytes");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest(400, "USAGE", "$: expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "USAGE", "$: not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from a byte array does no I/O; Jackson still declares the wider exception.
            throw new BadRequest(400, "USAGE", "$: not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] readCapped(InputStream in, int cap) throws IOException {
        byte[] buf = in.readNBytes(cap + 1);
        if (buf.length > cap) {
            throw new BadRequest(413, "TOO_LARGE", "request body larger than " + cap + " bytes");
        }
        return buf;
    }

    private static TeeType teeType(String id) {
        try {
            return TeeType.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "USAGE", "$.tee: " + e.getMessage());
        }
    }

    private static void error(HttpExchange ex, int status, String code, int exitCode, String message) throws IOException {
        send(ex, errorReply(status, code, exitCode, message));
    }

    private static Reply errorReply(int status, String code, int exitCode, String message) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode err = out.putObject("error");
        err.put("class", code);
        err.put("exitCode", exitCode);
        err.put("message", message);
        return new Reply(status, out);
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        send(ex, reply.status(), reply.body());
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A request the client must fix; carries the HTTP status. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        BadRequest(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /** Strict access to the request object: unknown keys and wrong types fail with their path. */
    private static final class Fields {
        private final JsonNode node;

        Fields(JsonNode node, Set<String> allowed) {
            this.node = node;
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw new BadRequest(400, "USAGE", "$." + name + ": unknown key");
                }
            }
        }

        JsonNode node(String name) {
            JsonNode n = node.get(name);
            return n == null || n.isNull() ? null : n;
        }

        String requiredText(String name) {
            JsonNode n = node(name);
            if (n == null) {
                throw new BadRequest(400, "USAGE", "$." + name + ": required");
            }
            if (!n.isTextual()) {
                throw new BadRequest(400, "USAGE", "$." + name + ": expected a string");
            }
            return n.textValue();
        }

        String optionalText(String name, String fallback) {
            return node(name) == null ? fallback : requiredText(name);
        }

        boolean optionalBool(String name) {
            JsonNode n = node(name);
            if (n == null) {
                return false;
            }
            if (!n.isBoolean()) {
                throw new BadRequest(400, "USAGE", "$." + name + ": expected true or false");
            }
            return n.booleanValue();
        }

        byte[] base64(String name) {
            try {
                return strictBase64(requiredText(name));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, "USAGE", "$." + name + ": expected base64");
            }
        }

        List<byte[]> base64List(String name) {
            JsonNode n = node(name);
            if (n == null) {
                return List.of();
            }
            if (!n.isArray()) {
                throw new BadRequest(400, "USAGE", "$." + name + ": expected a list of base64 strings");
            }
            java.util.ArrayList<byte[]> out = new java.util.ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                JsonNode item = n.get(i);
                if (!item.isTextual()) {
                    throw new BadRequest(400, "USAGE", "$." + name + "[" + i + "]: expected a base64 string");
                }
                try {
                    out.add(strictBase64(item.textValue()));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(400, "USAGE", "$." + name + "[" + i + "]: expected base64");
                }
            }
            return out;
        }
    }

    /**
     * Base64 (standard or URL-safe; line breaks and spaces allowed). Unlike the MIME decoder, any
     * other character is an error rather than skipped.
     */
    static byte[] strictBase64(String text) {
        String compact = text.replaceAll("[\\s]", "");
        boolean url = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
        return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
    }

    static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
