package io.tee4j.coco.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback fake (NOT secure, tests and demos only) of the Confidential Containers guest-components
 * REST API as {@code api-server-rest} answers inside a pod: {@code /info},
 * {@code /aa/evidence} (sample-attester JSON echoing the runtime data as its report data),
 * {@code /aa/token}, {@code /cdh/resource/<repo>/<type>/<tag>}; routes of a feature that is not
 * enabled answer 404 "... Feature Not Enabled", failures 500 with the error text (a resource the fake
 * does not hold: "get resource failed: kbs returned 404", as the CDH reports its KBS's refusal).
 */
public final class AaApiFake implements AutoCloseable {
    private final HttpServer server;
    /** The resources {@code /cdh/resource} serves, by {@code repo/type/tag}. */
    public final Map<String, byte[]> resources = new ConcurrentHashMap<>();
    /** The token {@code /aa/token} serves. */
    public volatile String token = "eyJhbGciOiJFUzI1NiJ9.e30.sig";

    /** Starts the fake on a free loopback port with {@code feature}: {@code resource}, {@code attestation} or {@code all}. */
    public AaApiFake(String feature) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        boolean attestation = feature.equals("attestation") || feature.equals("all");
        boolean resource = feature.equals("resource") || feature.equals("all");
        server.createContext("/info", ex -> reply(ex, 200, "{\"version\":\"v0.1.0\",\"tee\":\"sample\","
                + "\"additional_tees\":[],\"feature\":\"" + feature + "\"}"));
        server.createContext("/aa/", ex -> {
            if (!attestation) {
                reply(ex, 404, "Attestation Feature Not Enabled");
            } else if (ex.getRequestURI().getPath().equals("/aa/evidence")) {
                evidence(ex);
            } else if (ex.getRequestURI().getPath().equals("/aa/token")) {
                reply(ex, 200, "{\"token\":\"" + token + "\",\"tee_keypair\":\"-----BEGIN PRIVATE KEY-----\\n...\"}");
            } else {
                reply(ex, 404, "URL NOT FOUND");
            }
        });
        server.createContext("/cdh/resource/", ex -> {
            if (!resource) {
                reply(ex, 404, "Resource Feature Not Enabled");
                return;
            }
            byte[] body = resources.get(ex.getRequestURI().getPath().substring("/cdh/resource/".length()));
            if (body == null) {
                reply(ex, 500, "get resource failed: kbs returned 404");
            } else {
                reply(ex, 200, body);
            }
        });
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void evidence(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        Map<String, String> q = new HashMap<>();
        for (String kv : query == null ? new String[0] : query.split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        byte[] runtimeData = "base64".equals(q.get("encoding")) ? Base64.getUrlDecoder().decode(q.get("runtime_data"))
                : q.get("runtime_data").getBytes(StandardCharsets.UTF_8);
        if (runtimeData.length > 64) {
            reply(ex, 500, "runtime data is longer than 64 bytes");
            return;
        }
        reply(ex, 200, "{\"svn\":\"1\",\"report_data\":\"" + Base64.getEncoder().encodeToString(
                Arrays.copyOf(runtimeData, 64)) + "\"}");
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        reply(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
