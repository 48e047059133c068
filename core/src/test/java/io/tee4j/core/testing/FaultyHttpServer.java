package io.tee4j.core.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server on {@code 127.0.0.1} (an ephemeral port) that answers scripted, possibly
 * faulty replies, for testing collateral fetchers against real sockets: fake AMD KDS, Intel PCS,
 * NVIDIA RIM/OCSP services.
 *
 * <pre>{@code
 * try (FaultyHttpServer server = FaultyHttpServer.start()) {
 *     server.route("/vcek", Reply.status(429).header("Retry-After", "2"), Reply.ok(der));
 *     ... fetch server.uri("/vcek") ...
 *     assertEquals(2, server.requestCount("/vcek"));
 * }
 * }</pre>
 *
 * <p>A route is a sequence of replies: request <i>n</i> gets reply <i>n</i>, and the last reply
 * repeats. Unrouted paths answer 404. Every request is counted and recorded on arrival (method,
 * headers with lower-case names, body up to 1 MiB), before any scripted delay.
 *
 * <p>Every wait inside the server (a delay, a stall, a latch) is bounded by {@link #MAX_HOLD}, and
 * {@link #close()} interrupts handlers still running, so a broken client cannot hang a test run.
 * Close it in {@code @AfterEach} or with try-with-resources.
 */
public final class FaultyHttpServer implements AutoCloseable {
    /** The longest any scripted wait holds a handler. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private static final int MAX_RECORDED_BODY = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, PathStats> stats = new ConcurrentHashMap<>();

    private FaultyHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static FaultyHttpServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-http-server");
            t.setDaemon(true);
            return t;
        });
        FaultyHttpServer s = new FaultyHttpServer(server, executor);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path} (which starts with a slash). */
    public URI uri(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Scripts the replies for {@code path} (without query): the n-th request gets the n-th reply, the last repeats. */
    public FaultyHttpServer route(String path, Reply... replies) {
        if (replies.length == 0) {
            throw new IllegalArgumentException("a route needs at least one reply");
        }
        routes.put(path, new Route(List.of(replies)));
        return this;
    }

    /** Every path (without query) requested so far. */
    public java.util.Set<String> requestPaths() {
        return java.util.Set.copyOf(stats.keySet());
    }

    /** How many requests reached {@code path} so far. */
    public int requestCount(String path) {
        PathStats s = stats.get(path);
        return s == null ? 0 : s.count.get();
    }

    /** The requests that reached {@code path}, in arrival order. */
    public List<RecordedRequest> requests(String path) {
        PathStats s = stats.get(path);
        return s == null ? List.of() : List.copyOf(s.requests);
    }

    /** Body bytes written successfully for {@code path}, all requests together (for oversized replies). */
    public long bodyBytesWritten(String path) {
        PathStats s = stats.get(path);
        return s == null ? 0 : s.bytesWritten.get();
    }

    /** Waits until at least {@code n} requests reached {@code path}; false on timeout. */
    public boolean awaitRequests(String path, int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (requestCount(path) < n) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Stops the server and interrupts handlers still running. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        PathStats pathStats = stats.computeIfAbsent(path, p -> new PathStats());
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readNBytes(MAX_RECORDED_BODY);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        pathStats.requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Collections.unmodifiableMap(headers), requestBody));
        int index = pathStats.count.getAndIncrement();
        Route route = routes.get(path);
        Reply reply = route == null ? Reply.status(404) : route.replies.get(Math.min(index, route.replies.size() - 1));
        try {
            reply.send(exchange, pathStats);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("server closing", e);
        }
    }

    private static final class Route {
        final List<Reply> replies;

        Route(List<Reply> replies) {
            this.replies = replies;
        }
    }

    private static final class PathStats {
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong bytesWritten = new AtomicLong();
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    }

    /** A request as the server saw it. */
    public static final class RecordedRequest {
        private final String method;
        private final String target;
        private final Map<String, List<String>> headers;
        private final byte[] body;

        RecordedRequest(String method, String target, Map<String, List<String>> headers, byte[] body) {
            this.method = method;
            this.target = target;
            this.headers = headers;
            this.body = body;
        }

        public String method() {
            return method;
        }

        /** Path and query. */
        public String target() {
            return target;
        }

        /** Header names in lower case. */
        public Map<String, List<String>> headers() {
            return headers;
        }

        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * One scripted reply. Immutable: each modifier returns a new reply. Modifiers combine (a
     * delayed 500 with a {@code Retry-After}, a truncated 200 after a latch).
     */
    public static final class Reply {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;
        private final Duration delay;
        private final Duration stallAfterHeaders;
        private final int truncateAt;
        private final long streamBytes;
        private final CountDownLatch latch;

        private Reply(int status, Map<String, String> headers, byte[] body, Duration delay, Duration stall,
                int truncateAt, long streamBytes, CountDownLatch latch) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.delay = delay;
            this.stallAfterHeaders = stall;
            this.truncateAt = truncateAt;
            this.streamBytes = streamBytes;
            this.latch = latch;
        }

        /** A reply with this status and no body. */
        public static Reply status(int status) {
            return new Reply(status, Map.of(), new byte[0], Duration.ZERO, Duration.ZERO, -1, -1, null);
        }

        /** 200 with this body (and its exact Content-Length). */
        public static Reply ok(byte[] body) {
            return status(200).body(body);
        }

        /** 200 with {@code length} pseudo-random bytes from {@code seed}. */
        public static Reply garbage(int length, long seed) {
            byte[] b = new byte[length];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return ok(b);
        }

        /**
         * 200 streaming {@code totalBytes} bytes with chunked encoding (no Content-Length), until
         * done or the client hangs up; {@link FaultyHttpServer#bodyBytesWritten} tells how far it got.
         */
        public static Reply oversized(long totalBytes) {
            return new Reply(200, Map.of(), new byte[0], Duration.ZERO, Duration.ZERO, -1, totalBytes, null);
        }

        /** Reads the request, then closes the connection without any response. */
        public static Reply hangUp() {
            return status(0);
        }

        /** 200 declaring {@code declaredLength} bytes in Content-Length, then hanging up after the headers. */
        public static Reply declaredOversized(long declaredLength) {
            return status(200).header("Content-Length", Long.toString(declaredLength));
        }

        public Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return new Reply(status, Collections.unmodifiableMap(h), body, delay, stallAfterHeaders, truncateAt,
                    streamBytes, latch);
        }

        public Reply body(byte[] newBody) {
            return new Reply(status, headers, newBody.clone(), delay, stallAfterHeaders, truncateAt, streamBytes,
                    latch);
        }

        /** Waits this long before sending anything (bounded by {@link #MAX_HOLD}). */
        public Reply delay(Duration d) {
            return new Reply(status, headers, body, bounded(d), stallAfterHeaders, truncateAt, streamBytes, latch);
        }

        /** Sends the headers and the first half of the body, then stalls this long before the rest. */
        public Reply stallAfterHeaders(Duration d) {
            return new Reply(status, headers, body, delay, bounded(d), truncateAt, streamBytes, latch);
        }

        /** Declares the full Content-Length but sends only the first {@code sent} bytes, then closes the connection. */
        public Reply truncatedAt(int sent) {
            if (sent < 0 || sent >= body.length) {
                throw new IllegalArgumentException("truncation point must be inside the body");
            }
            return new Reply(status, headers, body, delay, stallAfterHeaders, sent, streamBytes, latch);
        }

        /** Holds the reply until {@code gate} is released (bounded by {@link #MAX_HOLD}). */
        public Reply awaiting(CountDownLatch gate) {
            return new Reply(status, headers, body, delay, stallAfterHeaders, truncateAt, streamBytes,
                    Objects.requireNonNull(gate));
        }

        private static Duration bounded(Duration d) {
            return d.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : d;
        }

        void send(HttpExchange exchange, PathStats stats) throws IOException, InterruptedException {
            if (latch != null) {
                latch.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (status == 0) {
                // Throwing out of the handler before the headers makes the JDK server drop the connection.
                throw new IOException("scripted hang-up without a response");
            }
            Headers h = exchange.getResponseHeaders();
            String declared = null;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase("Content-Length")) {
                    declared = e.getValue();
                } else {
                    h.add(e.getKey(), e.getValue());
                }
            }
            if (declared != null) {
                // A declared length that the server does not honour: headers only, then hang up.
                exchange.sendResponseHeaders(status, Long.parseLong(declared));
                exchange.getResponseBody().flush();
                throw new IOException("scripted hang-up after declaring " + declared + " bytes");
            }
            if (streamBytes >= 0) {
                stream(exchange, stats);
                return;
            }
            if (body.length == 0) {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            OutputStream out = exchange.getResponseBody();
            if (truncateAt >= 0) {
                out.write(body, 0, truncateAt);
                out.flush();
                stats.bytesWritten.addAndGet(truncateAt);
                // Throwing out of the handler makes the JDK server close the connection mid-body.
                throw new IOException("scripted truncation after " + truncateAt + " of " + body.length + " bytes");
            }
            if (!stallAfterHeaders.isZero()) {
                int half = body.length / 2;
                out.write(body, 0, half);
                out.flush();
                stats.bytesWritten.addAndGet(half);
                Thread.sleep(stallAfterHeaders.toMillis());
                out.write(body, half, body.length - half);
                stats.bytesWritten.addAndGet(body.length - half);
            } else {
                out.write(body);
                stats.bytesWritten.addAndGet(body.length);
            }
            out.close();
        }

        private void stream(HttpExchange exchange, PathStats stats) throws IOException {
            exchange.sendResponseHeaders(status, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'A');
            OutputStream out = exchange.getResponseBody();
            long left = streamBytes;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                out.flush();
                stats.bytesWritten.addAndGet(n);
                left -= n;
            }
            out.close();
        }
    }
}
