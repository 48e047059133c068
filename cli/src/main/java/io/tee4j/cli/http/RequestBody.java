package io.tee4j.cli.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as the handler reads it: the framing of {@link RequestHead} applied to the
 * connection's buffer, held to the body cap (at most one byte more is delivered, so a handler that
 * reads {@code cap + 1} bytes sees "too large" itself; reading on fails). The first read tells the
 * connection (it sends {@code 100 Continue} when the client waits for it and starts the body timer);
 * the end of the body tells it too (the timer stops).
 */
abstract class RequestBody extends InputStream {
    /** What the connection does when a body starts and ends. */
    interface Phases {
        void bodyStarted() throws IOException;

        void bodyEnded();
    }

    /** No body: at its end from the start. */
    static final RequestBody EMPTY = new RequestBody(null, null, 0, true) {
        @Override
        int readFramed(byte[] b, int off, int len) {
            return -1;
        }
    };

    final ConnectionInput in;
    private final Phases phases;
    private final long deliverable;
    private long delivered;
    private boolean started;
    private boolean ended;
    private HttpProtocolException failure;

    RequestBody(ConnectionInput in, Phases phases, long cap) {
        this(in, phases, cap, false);
    }

    private RequestBody(ConnectionInput in, Phases phases, long cap, boolean empty) {
        this.in = in;
        this.phases = phases;
        this.deliverable = cap + 1;
        this.ended = empty;
    }

    /** Reads body bytes by the framing; -1 at the end of the body. */
    abstract int readFramed(byte[] b, int off, int len) throws IOException;

    /** The framing error or cap overrun this body reported to its reader, if any. */
    final HttpProtocolException failure() {
        return failure;
    }

    /** Whether the whole body has been read (the connection can carry another request). */
    final boolean complete() {
        return ended;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0; // InputStream.readNBytes asks for 0 bytes once it has all it wanted
        }
        if (ended) {
            return -1;
        }
        if (!started && phases != null) {
            started = true;
            phases.bodyStarted();
        }
        if (delivered >= deliverable) {
            throw failed(new HttpProtocolException(413, "request body over the cap"));
        }
        int n;
        try {
            n = readFramed(b, off, (int) Math.min(len, deliverable - delivered));
        } catch (HttpProtocolException e) {
            throw failed(e);
        }
        if (n < 0) {
            ended = true;
            if (phases != null) {
                phases.bodyEnded();
            }
            return -1;
        }
        delivered += n;
        return n;
    }

    private HttpProtocolException failed(HttpProtocolException e) {
        failure = e;
        return e;
    }

    /**
     * Reads and drops what the handler left of the body, when at most {@code max} bytes remain;
     * true when the body then ended (the connection stays usable).
     */
    final boolean drain(long max) throws IOException {
        if (ended) {
            return true;
        }
        if (phases != null) {
            phases.bodyStarted(); // the body timer bounds the drain too
        }
        started = true;
        byte[] sink = new byte[4096];
        long left = max;
        while (!ended && left > 0) {
            int n = read(sink, 0, (int) Math.min(sink.length, left));
            if (n > 0) {
                left -= n;
            }
        }
        return ended;
    }

    /** A body of a declared {@code Content-Length}. */
    static final class Fixed extends RequestBody {
        private long remaining;

        Fixed(ConnectionInput in, Phases phases, long length, long cap) {
            super(in, phases, cap);
            this.remaining = length;
        }

        @Override
        int readFramed(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new java.io.EOFException("connection closed inside the request body");
            }
            remaining -= n;
            return n;
        }
    }
}
