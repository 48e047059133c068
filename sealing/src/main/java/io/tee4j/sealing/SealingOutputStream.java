package io.tee4j.sealing;

import io.tee4j.sealing.internal.AesGcm;
import io.tee4j.sealing.format.Header;
import io.tee4j.sealing.internal.SealingCrypto;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals what is written to it as a segmented AEAD stream (format {@code sealing/FORMAT.md}): the
 * header, then segments of {@code segmentSize} plaintext bytes, each AES-256-GCM under the
 * stream's key with nonce {@code prefix ‖ segment index ‖ last-segment flag}. Memory use is
 * constant (two segment buffers). {@link #close()} writes the last segment and closes the
 * underlying stream; a stream that is never closed reads back as truncated. Not thread-safe.
 * Obtain one from {@link Sealer#newSealingStream}.
 *
 * <p>Failures are final: once a write to the underlying stream has failed, the output is missing
 * data the segment indices cannot tell about, so every later {@code write}, {@code flush} and
 * {@code close} throws again (an {@link IOException} whose cause is that first failure, or a
 * {@link SealingIOException} with the same sealing failure) and no last segment is ever written. What was
 * written reads back as truncated, never as a shorter complete stream (as age's stream writer
 * does).
 *
 * @since 0.1
 */
public final class SealingOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] headerBytes;
    /** Header ‖ associated data: every segment's AAD, in one piece. */
    private final byte[] messageAad;
    private final AesGcm gcm;
    private final byte[] prefix;
    private final int segmentSize;
    /** The segment nonce, rewritten for each segment (the cipher copies it on every init). */
    private final byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    private final byte[] plain;
    private final byte[] sealed;
    private int buffered;
    private long index;
    private boolean closed;
    /** The first failure of the underlying stream (or of the segment count); final once set. */
    private Exception failure;

    SealingOutputStream(OutputStream out, Header header, byte[] key, byte[] associatedData) throws IOException {
        this.out = out;
        this.headerBytes = header.encoded();
        this.messageAad = SealingCrypto.messageAad(headerBytes, associatedData);
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
        Objects.checkFromIndexSize(off, len, b.length);
        ensureUsable();
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
            throw remember(new SealingIOException(new SealingPolicyException("stream exceeds 2^32 segments")));
        }
        byte[] nonce = SealingCrypto.segmentNonce(prefix, index, last, this.nonce);
        int n = gcm.encrypt(nonce, messageAad, null, src, off, len, sealed, 0);
        try {
            out.write(sealed, 0, n);
        } catch (IOException e) {
            throw remember(e);
        } catch (RuntimeException e) {
            throw remember(e);
        }
        index++;
    }

    /** Flushes the underlying stream; buffered plaintext waits until its segment is full or closed. */
    @Override
    public void flush() throws IOException {
        ensureUsable();
        flushUnderlying();
    }

    /**
     * Writes the last segment (possibly empty) and closes the underlying stream. After an earlier
     * failure it writes nothing, closes the underlying stream and throws that failure.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                emit(plain, 0, buffered, true);
                flushUnderlying();
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
            closeUnderlying();
        }
        rethrowFailure();
    }

    private void flushUnderlying() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        } catch (RuntimeException e) {
            throw remember(e);
        }
    }

    /** Closes the underlying stream; its failure is remembered (and thrown by close) unless an earlier one was. */
    private void closeUnderlying() {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            remember(e);
        }
    }

    /** Keeps the first failure; the stream is unusable from now on. */
    private <E extends Exception> E remember(E e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    private void ensureUsable() throws IOException {
        rethrowFailure();
        if (closed) {
            throw new IOException("sealing stream is closed");
        }
    }

    /**
     * Throws a new exception carrying the first failure: a new instance each time, because
     * try-with-resources adds what {@code close} throws as suppressed to what the body threw, and
     * an exception cannot suppress itself.
     */
    private void rethrowFailure() throws IOException {
        if (failure instanceof SealingIOException) {
            throw new SealingIOException(((SealingIOException) failure).sealingException());
        }
        if (failure != null) {
            throw new IOException("the sealing stream failed earlier and writes nothing more (no last segment: the"
                    + " output reads back as truncated): " + failure.getMessage(), failure);
        }
    }
}
