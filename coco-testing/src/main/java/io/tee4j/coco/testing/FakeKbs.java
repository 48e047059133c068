package io.tee4j.coco.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tee4j.coco.kbs.KbsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A fake trustee KBS for tests and demos. NOT SECURE: plain HTTP, keys and sessions in memory, and
 * it trusts whatever roots its {@link EvidenceAppraiser} was given (the simulators', in tee4j's
 * tests). It speaks RCAR the way trustee's code does, not only its document: protocol version exactly
 * {@code 0.4.0}; challenge {@code extra-params} the empty string; cookie {@code kbs-session-id}
 * without Secure/HttpOnly, expiring 5 minutes after auth; a repeated attest on an attested session
 * returns the stored token; the nonce compared as a string; errors as {@code {"type","detail"}} with
 * 401 for everything but {@code InvalidRequestPath}/{@code PluginNotFound} (404), {@code PolicyDeny}
 * included; resources as trustee's flattened JWE ({@link ResponseEncryptor}).
 */
public final class FakeKbs implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final FakeKbsHandlers handlers;

    private FakeKbs(Builder b) throws IOException {
        this.handlers = new FakeKbsHandlers(b.appraiser, Map.copyOf(b.resources), b.policy,
                new FakeKbsSessions(b.clock, b.sessionTimeout), new FakeKbsTokens(b.clock, b.tokenLifetime), b.responseFilter);
        this.server = HttpServer.create(b.address, 16);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-kbs");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A builder; an appraiser is required. */
    public static Builder builder(EvidenceAppraiser appraiser) {
        return new Builder(appraiser);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:38211/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            FakeKbsHandlers.Reply r;
            try {
                byte[] body = readBounded(ex.getRequestBody());
                r = handlers.route(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestHeaders(), body);
            } catch (IOException e) {
                r = FakeKbsHandlers.Reply.error(401, "AttestationError", "request body too large or unreadable");
            }
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                ex.getResponseBody().write(r.body());
            }
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] b = in.readNBytes(2 * 1024 * 1024 + 1);
        if (b.length > 2 * 1024 * 1024) {
            throw new IOException("body over 2 MiB");
        }
        return b;
    }

    /** Options for {@link FakeKbs}. */
    public static final class Builder {
        private final EvidenceAppraiser appraiser;
        private final Map<String, byte[]> resources = new LinkedHashMap<>();
        private ResourcePolicy policy = ResourcePolicy.allowAll();
        private Clock clock = Clock.systemUTC();
        private Duration sessionTimeout = Duration.ofMinutes(5);
        private Duration tokenLifetime = Duration.ofMinutes(5);
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private UnaryOperator<byte[]> responseFilter = UnaryOperator.identity();

        private Builder(EvidenceAppraiser appraiser) {
            this.appraiser = Objects.requireNonNull(appraiser, "appraiser");
        }

        /** Serves {@code value} at {@code repository/type/tag}. */
        public Builder resource(String path, byte[] value) {
            if (path.split("/", -1).length != 3) {
                throw new IllegalArgumentException("resource path must be repository/type/tag");
            }
            resources.put(path, value.clone());
            return this;
        }

        /** The resource policy (default: allow every attested TEE). */
        public Builder policy(ResourcePolicy p) {
            this.policy = Objects.requireNonNull(p);
            return this;
        }

        /** The clock for sessions and tokens. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** Session lifetime after auth (trustee default 5 minutes). */
        public Builder sessionTimeout(Duration d) {
            this.sessionTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Where to listen (default loopback, an ephemeral port). */
        public Builder address(InetSocketAddress a) {
            this.address = Objects.requireNonNull(a);
            return this;
        }

        /** Test hook: rewrites each resource response body, as an attacker on the path could. */
        public Builder responseFilter(UnaryOperator<byte[]> f) {
            this.responseFilter = Objects.requireNonNull(f);
            return this;
        }

        /** Starts the server. */
        public FakeKbs start() throws IOException {
            return new FakeKbs(this);
        }
    }

    static byte[] errorBody(String variant, String detail) {
        String d = detail.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ");
        return ("{\"type\":\"" + KbsException.typeUri(variant) + "\",\"detail\":\"" + d + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
