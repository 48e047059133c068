package io.tee4j.cli.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A reply body as the handler writes it. The head waits in {@link #pendingHead} and goes out with
 * the first body write as one socket write (one TLS record, one TCP segment for a small reply), so
 * the client never waits on a head sent alone. A declared length is enforced both ways: more bytes
 * fail, fewer leave the connection unusable ({@link #complete()} false). A length of zero means
 * chunked (HTTP/1.1) or close-delimited (HTTP/1.0), as with the JDK server.
 */
final class ResponseBody extends OutputStream {
    /** Head and body together up to this size are written in one piece. */
    private static final int COALESCE_LIMIT = 64 << 10;

    private final ReplyChannel channel;
    private final long length;
    private final boolean chunked;
    private byte[] pendingHead;
    private long written;
    private boolean closed;

    /** Where the reply's bytes go: one connection's socket, under its write timer. */
    interface ReplyChannel {
        void write(byte[] b, int off, int len) throws IOException;
    }

    ResponseBody(ReplyChannel channel, byte[] head, long length, boolean chunked) {
        this.channel = channel;
        this.pendingHead = head;
        this.length = length;
        this.chunked = chunked;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (closed) {
            throw new IOException("reply body already closed");
        }
        if (length > 0 && written + len > length) {
            throw new IOException("reply body longer than its Content-Length");
        }
        if (length < 0) {
            throw new IOException("this reply has no body");
        }
        written += len;
        if (chunked) {
            byte[] size = (Integer.toHexString(len) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            send(join(size, b, off, len, "\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } else {
            send(b, off, len);
        }
    }

    private void send(byte[] b) throws IOException {
        send(b, 0, b.length);
    }

    private void send(byte[] b, int off, int len) throws IOException {
        byte[] head = pendingHead;
        pendingHead = null;
        if (head == null) {
            channel.write(b, off, len);
        } else if (head.length + len <= COALESCE_LIMIT) {
            channel.write(join(head, b, off, len, null), 0, head.length + len);
        } else {
            channel.write(head, 0, head.length);
            channel.write(b, off, len);
        }
    }

    private static byte[] join(byte[] a, byte[] b, int off, int len, byte[] c) {
        int cl = c == null ? 0 : c.length;
        byte[] out = new byte[a.length + len + cl];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, off, out, a.length, len);
        if (c != null) {
            System.arraycopy(c, 0, out, a.length + len, cl);
        }
        return out;
    }

    /** Sends a head still waiting (a reply without body bytes). */
    void flushHead() throws IOException {
        byte[] head = pendingHead;
        if (head != null) {
            pendingHead = null;
            channel.write(head, 0, head.length);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        flushHead();
        if (chunked) {
            channel.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 5);
        }
    }

    /** Whether the reply went out whole as framed (the connection can carry another request). */
    boolean complete() {
        return closed && (length <= 0 || written == length);
    }
}
