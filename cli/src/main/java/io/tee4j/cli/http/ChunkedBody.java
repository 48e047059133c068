package io.tee4j.cli.http;

import java.io.EOFException;
import java.io.IOException;

/**
 * A {@code Transfer-Encoding: chunked} body decoded strictly: hexadecimal sizes of at most seven
 * digits (chunk extensions ignored, the size line capped), exactly CRLF (or LF) after each chunk's
 * data, trailer fields read with the header caps and dropped. The decoded length is held to the
 * body cap by {@link RequestBody}.
 */
final class ChunkedBody extends RequestBody {
    private static final int MAX_SIZE_LINE = 1024;

    private final HttpLimits limits;
    private long remainingInChunk;
    private boolean first = true;
    private boolean last;

    ChunkedBody(ConnectionInput in, Phases phases, HttpLimits limits) {
        super(in, phases, limits.maxBodyBytes());
        this.limits = limits;
    }

    @Override
    int readFramed(byte[] b, int off, int len) throws IOException {
        if (last) {
            return -1;
        }
        if (remainingInChunk == 0) {
            nextChunk();
            if (last) {
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        remainingInChunk -= n;
        return n;
    }

    private void nextChunk() throws IOException {
        if (!first && !in.readLine(2, 400).isEmpty()) {
            throw new HttpProtocolException(400, "chunk data longer than its size");
        }
        first = false;
        String line = in.readLine(MAX_SIZE_LINE, 400);
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
        if (hex.isEmpty() || hex.length() > 7) {
            throw new HttpProtocolException(400, "malformed chunk size");
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw new HttpProtocolException(400, "malformed chunk size");
            }
            size = size * 16 + d;
        }
        if (size == 0) {
            skipTrailers();
            last = true;
        }
        remainingInChunk = size;
    }

    private void skipTrailers() throws IOException {
        int budget = limits.maxHeaderBytes();
        for (int count = 0;; count++) {
            String line = in.readLine(budget, 431);
            budget -= line.length() + 2;
            if (line.isEmpty()) {
                return;
            }
            if (count >= limits.maxHeaderCount() || budget < 0) {
                throw new HttpProtocolException(431, "too many or too large trailer fields");
            }
        }
    }
}
