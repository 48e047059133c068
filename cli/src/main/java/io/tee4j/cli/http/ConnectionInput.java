package io.tee4j.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The read side of one connection: one buffer for the request heads and bodies that follow each
 * other on it, so pipelined requests are read in order and no byte of the next request is lost to
 * the previous one. Lines are read with a cap and end at LF (an optional CR before it is dropped;
 * a CR anywhere else is refused, as a framing ambiguity between parsers).
 */
final class ConnectionInput {
    private final InputStream in;
    private final byte[] buf = new byte[8 << 10];
    private int pos;
    private int limit;

    ConnectionInput(InputStream in) {
        this.in = in;
    }

    /** Blocks until a byte is buffered; false at the end of the stream. */
    boolean awaitByte() throws IOException {
        return pos < limit || fill() > 0;
    }

    /** Whether bytes of a further request are already buffered (pipelining). */
    boolean hasBuffered() {
        return pos < limit;
    }

    private int fill() throws IOException {
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n > 0) {
            limit = n;
        }
        return n;
    }

    int read() throws IOException {
        if (pos >= limit && fill() <= 0) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= limit) {
            if (len >= buf.length) {
                return in.read(b, off, len);
            }
            if (fill() <= 0) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * One line without its CRLF, in ISO-8859-1, at most {@code max} bytes (the CRLF included).
     *
     * @throws HttpProtocolException {@code tooLong} past the cap, 400 for a CR inside the line
     * @throws EOFException when the stream ends inside the line
     */
    String readLine(int max, int tooLong) throws IOException {
        int start = pos;
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                if (i + 1 - start > max) {
                    throw new HttpProtocolException(tooLong, "header line too long");
                }
                pos = i + 1;
                return line(buf, start, i - start);
            }
        }
        return readSpanningLine(max, tooLong);
    }

    private String readSpanningLine(int max, int tooLong) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int b = read();
            if (b < 0) {
                throw new EOFException("connection closed inside a header line");
            }
            if (line.size() + 1 > max) {
                throw new HttpProtocolException(tooLong, "header line too long");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                return line(bytes, 0, bytes.length);
            }
            line.write(b);
        }
    }

    private static String line(byte[] bytes, int off, int len) throws HttpProtocolException {
        if (len > 0 && bytes[off + len - 1] == '\r') {
            len--;
        }
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == '\r') {
                throw new HttpProtocolException(400, "bare CR in a header line");
            }
        }
        return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }
}
