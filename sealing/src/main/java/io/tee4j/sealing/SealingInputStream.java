package io.tee4j.sealing;

import io.tee4j.sealing.internal.AesGcm;
import io.tee4j.sealing.format.Header;
import io.tee4j.sealing.internal.SealingCrypto;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The plaintext of a sealed stream, authenticated segment by segment, in constant memory. Obtain
 * one from {@link Sealer#newUnsealingStream}.
 *
 * <p>A segment's plaintext is released only after its tag verifies. Reordered segments, segments
 * from another stream, changed bytes and a stream cut anywhere (even exactly at a segment
 * boundary: the last segment carries a flag in its nonce) make a read throw a
 * {@link SealingIOException} whose {@link SealingIOException#sealingException()} is a
 * {@link SealedDataAuthenticationException}; trailing bytes after the last segment likewise. So
 * the plaintext is known complete only once a read has returned -1: a consumer that acts on data
 * before the end must be ready to undo it. After a failure every further read fails again. Not
 * thread-safe.
 *
 * @since 0.1
 */
public final class SealingInputStream extends InputStream {
    private final InputStream in;
    /** Header ‖ associated data: every segment's AAD, in one piece. */
    private final byte[] messageAad;
    private final AesGcm gcm;
    private final byte[] prefix;
    private final int segmentSize;
    /** The segment nonce, rewritten for each segment (the cipher copies it on every init). */
    private final byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    /** A full sealed segment plus one look-ahead byte, to tell whether more follows. */
    private final byte[] sealed;
    private final byte[] plain;
    private int sealedFill;
    private int plainPos;
    private int plainEnd;
    private long index;
    private boolean finished;
    private SealingIOException failure;
    private boolean closed;

    SealingInputStream(InputStream in, Header header, byte[] key, byte[] associatedData) {
        this.in = in;
        this.messageAad = SealingCrypto.messageAad(header.encoded(), associatedData);
        try {
            this.gcm = new AesGcm(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        this.prefix = header.nonce();
        this.segmentSize = header.segmentSize();
        this.sealed = new byte[segmentSize + AesGcm.TAG_LENGTH + 1];
        this.plain = new byte[segmentSize];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("unsealing stream is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        while (plainPos == plainEnd) {
            if (finished) {
                return -1;
            }
            if (len >= segmentSize) {
                // Room for a whole segment: decrypt straight into the caller's array.
                int n = nextSegment(b, off);
                if (n > 0 || finished) {
                    return n > 0 ? n : -1;
                }
                continue;
            }
            plainPos = 0;
            plainEnd = nextSegment(plain, 0);
        }
        int n = Math.min(len, plainEnd - plainPos);
        System.arraycopy(plain, plainPos, b, off, n);
        plainPos += n;
        return n;
    }

    @Override
    public int available() {
        return plainEnd - plainPos;
    }

    /**
     * Reads, authenticates and decrypts the next segment into {@code target} at {@code targetOff}
     * (which has room for a whole segment). On failure the target range is zeroed.
     *
     * @return the plaintext length of the segment
     */
    private int nextSegment(byte[] target, int targetOff) throws IOException {
        int full = segmentSize + AesGcm.TAG_LENGTH;
        // sealedFill may hold one look-ahead byte from the previous segment at sealed[0].
        while (sealedFill < full + 1) {
            int n = in.read(sealed, sealedFill, full + 1 - sealedFill);
            if (n < 0) {
                break;
            }
            sealedFill += n;
        }
        boolean last = sealedFill <= full;
        int segLen = last ? sealedFill : full;
        if (segLen < AesGcm.TAG_LENGTH) {
            throw fail(index == 0 && segLen == 0
                    ? "sealed stream has no segment (truncated after the header)"
                    : "sealed stream is truncated inside segment " + index);
        }
        if (index > 0xffffffffL) {
            throw fail("sealed stream has more than 2^32 segments");
        }
        byte[] nonce = SealingCrypto.segmentNonce(prefix, index, last, this.nonce);
        int n = gcm.decrypt(nonce, messageAad, null, sealed, 0, segLen, target, targetOff);
        if (n < 0) {
            Arrays.fill(target, targetOff, targetOff + segmentSize, (byte) 0);
            throw fail(last
                    ? "segment " + index + " did not authenticate as the last segment (truncated, tampered,"
                        + " wrong key or wrong associated data)"
                    : "segment " + index + " did not authenticate (tampered, reordered, from another"
                        + " stream, wrong key or wrong associated data)");
        }
        index++;
        if (last) {
            finished = true;
            sealedFill = 0;
        } else {
            sealed[0] = sealed[full];
            sealedFill = 1;
        }
        return n;
    }

    private SealingIOException fail(String message) {
        failure = new SealingIOException(new SealedDataAuthenticationException(message));
        Arrays.fill(plain, (byte) 0);
        plainPos = 0;
        plainEnd = 0;
        return failure;
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Arrays.fill(plain, (byte) 0);
            in.close();
        }
    }
}
