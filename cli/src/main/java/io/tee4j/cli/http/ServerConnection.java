package io.tee4j.cli.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One accepted connection, served start to end by one pooled thread: read a request head, run
 * its handler, write the reply, and loop while the connection stays reusable. Each phase arms a
 * deadline that the server's reaper enforces by closing the socket (idle wait, head, body, reply
 * write), so no client holds the thread longer than the phase's timer; the handler's own run is
 * not timed (the sidecar bounds it with its verification slots).
 */
final class ServerConnection implements Runnable, RequestBody.Phases {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Body bytes a handler left unread that are read and dropped to keep the connection. */
    private static final long DRAIN_LIMIT = 64 << 10;

    private final BlockingHttpServer server;
    private final Socket raw;
    private final HttpLimits limits;
    private volatile long deadline;
    /** Waiting for the next request on a kept-alive connection: may be closed to free its thread. */
    private volatile boolean idle;
    private OutputStream out;
    private boolean continuePending;
    private boolean continueSent;

    ServerConnection(BlockingHttpServer server, Socket raw, HttpLimits limits) {
        this.server = server;
        this.raw = raw;
        this.limits = limits;
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (IOException | RuntimeException e) {
            // The client went away, timed out or broke the protocol mid-stream: nothing to tell it.
        } finally {
            server.forget(this);
            closeSocket();
        }
    }

    private void serve() throws IOException {
        arm(limits.headerTimeout().toNanos()); // the TLS handshake and the first head
        Socket socket = raw;
        SSLContext tls = server.tls();
        if (tls != null) {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, true);
            ssl.startHandshake();
            socket = ssl;
        }
        ConnectionInput input = new ConnectionInput(socket.getInputStream());
        out = socket.getOutputStream();
        for (boolean first = true;; first = false) {
            if (!first) {
                arm(limits.idleTimeout().toNanos());
                idle = !input.hasBuffered();
            }
            boolean more = input.awaitByte();
            idle = false;
            if (!more) {
                return;
            }
            if (!first) {
                arm(limits.headerTimeout().toNanos());
            }
            RequestHead head;
            try {
                head = RequestHead.read(input, limits);
            } catch (HttpProtocolException e) {
                refuse(e.status(), e.getMessage());
                return;
            } catch (EOFException e) {
                return;
            }
            if (!exchange(input, head)) {
                return;
            }
        }
    }

    /** Runs one request's handler; true when the connection can carry the next request. */
    private boolean exchange(ConnectionInput input, RequestHead head) throws IOException {
        deadline = 0;
        continuePending = head.expectContinue();
        continueSent = false;
        RequestBody body = head.bodyLength() == 0 ? RequestBody.EMPTY
                : head.bodyLength() == RequestHead.CHUNKED ? new ChunkedBody(input, this, limits)
                : new RequestBody.Fixed(input, this, head.bodyLength(), limits.maxBodyBytes());
        BlockingContext context = server.find(head.uri().getPath());
        if (context == null) {
            refuse(404, "no context for this path");
            return false;
        }
        BlockingExchange ex = new BlockingExchange(this, head, body, context);
        try {
            context.handle(ex);
        } catch (HttpProtocolException e) {
            if (!ex.replyStarted()) {
                refuse(e.status(), e.getMessage());
            }
            return false;
        } catch (IOException | RuntimeException e) {
            if (!ex.replyStarted()) {
                refuse(500, "internal error");
            }
            return false;
        }
        if (!ex.replyStarted() && body.failure() != null) {
            // The handler gave up on a malformed or oversized body without answering: say why.
            refuse(body.failure().status(), body.failure().getMessage());
            return false;
        }
        ex.close();
        return ex.reusable(DRAIN_LIMIT);
    }

    /** The transport's own error reply; the connection closes after it. */
    private void refuse(int status, String message) {
        try {
            byte[] reply = BlockingExchange.errorReply(status, message);
            write(reply, 0, reply.length);
        } catch (IOException e) {
            // The client is gone already.
        }
    }

    @Override
    public void bodyStarted() throws IOException {
        if (continuePending && !continueSent) {
            continueSent = true;
            write(CONTINUE, 0, CONTINUE.length);
        }
        arm(limits.bodyTimeout().toNanos());
    }

    @Override
    public void bodyEnded() {
        deadline = 0;
    }

    boolean continueSent() {
        return continueSent;
    }

    /** Writes reply bytes under the write timer; the timer armed before (a body's) holds again after. */
    void write(byte[] b, int off, int len) throws IOException {
        long before = deadline;
        arm(limits.writeTimeout().toNanos());
        out.write(b, off, len);
        deadline = before;
    }

    private void arm(long nanos) {
        deadline = System.nanoTime() + nanos;
    }

    /** Called by the reaper: closes the socket when the armed deadline has passed. */
    void expireIfLate(long now) {
        long d = deadline;
        if (d != 0 && now - d > 0) {
            closeSocket();
        }
    }

    /** Closes the connection when it is idle between requests (its thread is then free); true if it was. */
    boolean evictIfIdle() {
        if (!idle) {
            return false;
        }
        idle = false;
        closeSocket();
        return true;
    }

    void closeSocket() {
        try {
            raw.close();
        } catch (IOException e) {
            // Closing is all that was asked.
        }
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) raw.getRemoteSocketAddress();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) raw.getLocalSocketAddress();
    }
}
