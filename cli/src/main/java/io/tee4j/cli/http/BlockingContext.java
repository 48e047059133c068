package io.tee4j.cli.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A path prefix and its handler on a {@link BlockingHttpServer}, with the context's filters run
 * in front of it. Authenticators are refused: a handler that relied on one would run unauthenticated.
 */
final class BlockingContext extends HttpContext {
    private final String path;
    private final HttpServer server;
    private final Map<String, Object> attributes = new HashMap<>();
    private final List<Filter> filters = new CopyOnWriteArrayList<>();
    private volatile HttpHandler handler;

    BlockingContext(String path, HttpHandler handler, HttpServer server) {
        this.path = path;
        this.handler = handler;
        this.server = server;
    }

    void handle(HttpExchange ex) throws IOException {
        HttpHandler h = handler;
        if (h == null) {
            throw new HttpProtocolException(404, "no handler for this path");
        }
        if (filters.isEmpty()) {
            h.handle(ex);
        } else {
            new Filter.Chain(filters, h).doFilter(ex);
        }
    }

    @Override
    public HttpHandler getHandler() {
        return handler;
    }

    @Override
    public void setHandler(HttpHandler h) {
        handler = h;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public List<Filter> getFilters() {
        return filters;
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
        throw new UnsupportedOperationException("authenticators are not supported by this server");
    }

    @Override
    public Authenticator getAuthenticator() {
        return null;
    }
}
