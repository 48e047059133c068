package io.tee4j.sealing;

import io.tee4j.sealing.internal.AesGcm;
import io.tee4j.sealing.internal.Header;
import io.tee4j.sealing.internal.SealingCrypto;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Seals what is written to it as a segmented AEAD stream (format {@code sealing/FORMAT.md}): the
 * header, then segments of {@code segmentSize} plaintext bytes, each AES-256-GCM under the
 * stream's key with nonce {@code prefix ‖ segment index ‖ last-segment flag}. Memory use is
 * constant (two segment buffers). {@link #close()} writes the last segment and closes the
 * underlying stream; a stream that is never closed reads back as truncated. Not thread-safe.
 * Obtain one from {@link Sealer#newSealingStream}.
 *
 * @since 0.1
 */
public final class SealingOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] headerBytes;
    private final byte[] associatedData;
    private final AesGcm gcm;
    private final byte[] prefix;
    private final int segmentSize;
    private final byte[] plain;
    private final byte[] sealed;
    private int buffered;
    private long index;
    private boolean closed;

    SealingOutputStream(OutputStream out, Header header, byte[] key, byte[] associatedData) throws IOException {
        this.out = out;
        this.headerBytes = header.encoded();
        this.associatedData = associatedData;
        try {
            this.gcm = new AesGcm(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        this.prefix = header.nonce();
        this.segmentSize = header.segmentSize();
        this.plain = new byte[segmentSize];
        this.sealed = new byte[segmentSize + AesGcm.TAG_LENGTH];
        out.write(headerBytes);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (buffered == segmentSize) {
                // More data follows, so the buffered segment is not the last one.
                emit(plain, 0, segmentSize, false);
                buffered = 0;
            }
            if (buffered == 0 && len > segmentSize) {
                // A whole segment straight from the caller's array; at least one byte follows it.
                emit(b, off, segmentSize, false);
                off += segmentSize;
                len -= segmentSize;
                continue;
            }
            int n = Math.min(len, segmentSize - buffered);
            System.arraycopy(b, off, plain, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    private void emit(byte[] src, int off, int len, boolean last) throws IOException {
        if (index > 0xffffffffL) {
            throw new SealingIOException(new SealingPolicyException("stream exceeds 2^32 segments"));
        }
        byte[] nonce = SealingCrypto.segmentNonce(prefix, index, last);
        int n = gcm.encrypt(nonce, headerBytes, associatedData, src, off, len, sealed, 0);
        out.write(sealed, 0, n);
        index++;
    }

    /** Flushes the underlying stream; buffered plaintext waits until its segment is full or closed. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        out.flush();
    }

    /** Writes the last segment (possibly empty) and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            emit(plain, 0, buffered, true);
            Arrays.fill(plain, (byte) 0);
            out.flush();
        } finally {
            out.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("sealing stream is closed");
        }
    }
}
