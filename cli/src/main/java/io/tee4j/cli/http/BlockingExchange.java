package io.tee4j.cli.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request and its reply on a {@link BlockingHttpServer} connection, behind the JDK's
 * {@link HttpExchange} API so that handlers written for {@code com.sun.net.httpserver} run
 * unchanged. The same thread reads the request, runs the handler and writes the reply.
 */
final class BlockingExchange extends HttpExchange {
    private final ServerConnection connection;
    private final RequestHead head;
    private final RequestBody requestBody;
    private final HttpContext context;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream in;
    private OutputStream out;
    private ResponseBody reply;
    private int responseCode = -1;
    private boolean closeAfter;

    BlockingExchange(ServerConnection connection, RequestHead head, RequestBody requestBody, HttpContext context) {
        this.connection = connection;
        this.head = head;
        this.requestBody = requestBody;
        this.context = context;
        this.in = requestBody;
        this.closeAfter = head.closeAfter();
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        if (out == null) {
            throw new IllegalStateException("sendResponseHeaders comes first");
        }
        return out;
    }

    /**
     * Sends the status and headers (held back to go out with the first body bytes).
     *
     * @param length the body length; 0: unknown (chunked, or close-delimited for HTTP/1.0); -1: none
     */
    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (reply != null) {
            throw new IOException("headers already sent");
        }
        if (code < 200 || code > 999) {
            throw new IOException("not a final status: " + code);
        }
        responseCode = code;
        boolean noBody = length < 0 || head.method().equals("HEAD") || code == 204 || code == 304;
        boolean chunked = !noBody && length == 0 && head.http11();
        if (!noBody && length == 0 && !chunked) {
            closeAfter = true;
        }
        StringBuilder s = new StringBuilder(256).append("HTTP/1.1 ").append(code).append(' ')
                .append(StatusReasons.reason(code)).append("\r\nDate: ").append(HttpDate.now()).append("\r\n");
        for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
            for (String v : h.getValue()) {
                header(s, h.getKey(), v);
            }
        }
        if (chunked) {
            s.append("Transfer-Encoding: chunked\r\n");
        } else if (length != 0 && !head.method().equals("HEAD") && code != 204 && code != 304) {
            s.append("Content-Length: ").append(Math.max(length, 0)).append("\r\n");
        }
        if (closeAfter) {
            s.append("Connection: close\r\n");
        }
        byte[] bytes = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        reply = new ResponseBody(connection::write, bytes, noBody ? -1 : length, chunked);
        out = reply;
        if (noBody) {
            reply.close();
        }
    }

    private static void header(StringBuilder s, String name, String value) throws IOException {
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0) {
            throw new IOException("CR or LF in a reply header");
        }
        s.append(name).append(": ").append(value).append("\r\n");
    }

    @Override
    public void close() {
        try {
            in.close();
            if (reply != null) {
                reply.close();
            }
        } catch (IOException e) {
            closeAfter = true;
        }
    }

    /**
     * After the handler: whether the connection can carry another request (the reply went out whole
     * and the request body ended, or little enough of it was left to read and drop).
     */
    boolean reusable(long drainLimit) {
        if (reply == null || closeAfter || !reply.complete()) {
            return false;
        }
        if (requestBody.complete()) {
            return true;
        }
        if (head.expectContinue() && !connection.continueSent()) {
            return false; // the client may still be waiting to send the body
        }
        try {
            return requestBody.drain(drainLimit);
        } catch (IOException e) {
            return false;
        }
    }

    boolean replyStarted() {
        return reply != null;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return connection.localAddress();
    }

    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** The transport's own error reply (JSON like the sidecar's errors), then the connection closes. */
    static byte[] errorReply(int status, String message) {
        String body = "{\"error\":{\"class\":\"" + (status == 413 ? "TOO_LARGE" : status == 503 ? "OVERLOADED"
                : "BAD_REQUEST") + "\",\"exitCode\":1,\"message\":\"" + message.replace("\"", "'") + "\"}}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("HTTP/1.1 " + status + " " + StatusReasons.reason(status) + "\r\nDate: " + HttpDate.now()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + (status == 503 ? "\r\nRetry-After: 1" : "") + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(b);
        return out.toByteArray();
    }
}
