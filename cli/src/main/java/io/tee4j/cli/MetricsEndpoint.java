package io.tee4j.cli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the {@link SidecarMetrics} in the Prometheus text format. Like
 * {@code /healthz} it takes no verification slot; beyond loopback it needs the bearer token, as
 * every endpoint but {@code /healthz} does. Other methods get 405.
 */
final class MetricsEndpoint {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final SidecarMetrics metrics;
    private final Sidecar.Config config;

    MetricsEndpoint(SidecarMetrics metrics, Sidecar.Config config) {
        this.metrics = metrics;
        this.config = config;
    }

    void handle(HttpExchange ex) {
        try {
            try {
                if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                    throw new BadRequest(405, "METHOD_NOT_ALLOWED", "use GET");
                }
                if (config.tokenEverywhere()) {
                    SidecarHttp.requireToken(ex, config.bearerToken());
                }
            } catch (BadRequest e) {
                SidecarHttp.send(ex, Sidecar.Reply.error(e.status, e.code, 1, e.getMessage()));
                return;
            }
            byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        } finally {
            ex.close();
        }
    }
}
