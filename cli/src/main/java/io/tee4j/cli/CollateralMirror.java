package io.tee4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.collateral.CollateralDirectory;
import io.tee4j.core.collateral.CollateralEndpoints;
import io.tee4j.core.collateral.CollateralEndpoints.Service;
import io.tee4j.core.collateral.FetchedCollateral;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The read-only collateral mirror behind {@code tee4j collateral serve}: answers {@code GET} and
 * {@code HEAD} for the documents of a collateral folder (a {@code collateral fetch} bundle or a
 * cache directory) at the vendors' path layouts, so a verifier pointed at it with
 * {@code --pccs-url}, {@code --kds-url} or {@code --nvidia-rim-url} finds each document where the
 * vendor's service would have it.
 *
 * <p>A request path is never a file name: the path and query are put back on each vendor's base
 * URL, and the resulting URL's SHA-256 names the entry (the cache layout), so no request can reach
 * a file outside the folder's entries, whatever {@code ..}, encoded slash or NUL it carries. A
 * request target longer than {@value #MAX_TARGET} characters gets 414, any method but GET and
 * HEAD 405, an unknown document 404. Entries that are links or other non-regular files are not
 * served. Intel's issuer-chain headers are sent back as the PCS sent them; no other recorded
 * header is. OCSP answers, which NVIDIA's responder gives to POST requests, are not served.
 */
final class CollateralMirror implements AutoCloseable {
    static final int MAX_TARGET = 4096;
    static final int MAX_DOCUMENT = 8 << 20;
    private static final List<String> BASES = List.of(Service.INTEL_PCS.vendorBase().toString(),
            Service.AMD_KDS.vendorBase().toString(), Service.NVIDIA_RIM.vendorBase().toString(),
            "https://" + CollateralEndpoints.INTEL_ROOT_CA_CRL.getHost());

    static {
        JdkHttpServerSettings.apply();
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final CollateralDirectory directory;

    CollateralMirror(InetAddress bind, int port, Path dir) throws IOException {
        this.directory = CollateralDirectory.at(dir);
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        this.threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "tee4j-collateral-mirror");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
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
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            URI target = ex.getRequestURI();
            String raw = target.getRawPath() == null ? "" : target.getRawPath();
            String query = target.getRawQuery();
            if (raw.length() + (query == null ? 0 : query.length()) > MAX_TARGET) {
                ex.sendResponseHeaders(414, -1);
                return;
            }
            Optional<FetchedCollateral> doc = find(raw, query);
            if (doc.isEmpty()) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            send(ex, doc.get(), method.equals("HEAD"));
        } catch (IOException | RuntimeException e) {
            // The client went away or sent something the server could not take; nothing to tell it.
        }
    }

    /** The stored document a vendor would serve at this path and query, trying each vendor's base. */
    Optional<FetchedCollateral> find(String rawPath, String rawQuery) {
        for (String key : keys(rawPath, rawQuery)) {
            Optional<FetchedCollateral> doc = directory.read(key, MAX_DOCUMENT);
            if (doc.isPresent()) {
                return doc;
            }
        }
        return Optional.empty();
    }

    static List<String> keys(String rawPath, String rawQuery) {
        List<String> out = new ArrayList<>();
        if (rawPath.equals(CollateralEndpoints.PCCS_ROOT_CA_CRL_PATH) && rawQuery == null) {
            out.add(CollateralEndpoints.INTEL_ROOT_CA_CRL.toString());
        }
        String suffix = rawPath + (rawQuery == null ? "" : "?" + rawQuery);
        for (String base : BASES) {
            out.add(base + suffix);
        }
        return out;
    }

    private static void send(HttpExchange ex, FetchedCollateral doc, boolean head) throws IOException {
        for (Map.Entry<String, List<String>> h : doc.headers().entrySet()) {
            if (h.getKey().endsWith("-issuer-chain") && !h.getValue().isEmpty()) {
                ex.getResponseHeaders().set(h.getKey(), h.getValue().get(0));
            }
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        byte[] body = doc.body();
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
