package io.tee4j.sealing.internal;

import io.tee4j.sealing.format.Header;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Format version 1 between {@link ByteBuffer}s, heap or direct: the same bytes as
 * {@link SealingCrypto}'s array forms (a blob for one message, the segmented encoding otherwise),
 * each GCM message handed to the JDK cipher as buffer windows, without copies of ours.
 *
 * <p>The order of work is chosen for buffers that share memory, which for two direct buffers
 * nobody outside the JDK can detect: each message goes through one copy-safe call of the JDK
 * cipher, sealing goes from the last message to the first and writes the header last, and
 * opening goes from the first message to the last. So sealing never overwrites plaintext it has
 * not read yet when the output starts at or after the plaintext (in place included), and opening
 * never overwrites sealed bytes it has not read yet when the output starts at or before them (in
 * place included). Other overlaps are refused by the caller where it can see them (heap buffers);
 * when opening, any other overlap can only make a later message fail to authenticate, after
 * which the output range is zeroed.
 */
public final class BufferMessages {
    private static final byte[] ZEROS = new byte[4096];

    private BufferMessages() {
    }

    /**
     * Seals all of {@code plaintext}'s remaining bytes under {@code header} into {@code out} at its
     * position (room checked by the caller); both positions advance.
     *
     * @return the number of bytes written
     */
    public static int seal(byte[] rootKey, Header header, ByteBuffer plaintext, byte[] associatedData,
            ByteBuffer out) {
        if (header.aadLength() != associatedData.length) {
            throw new IllegalArgumentException("header does not describe this data");
        }
        boolean blob = header.kind() == Header.KIND_BLOB;
        int len = plaintext.remaining();
        int inStart = plaintext.position();
        int outStart = out.position();
        byte[] h = header.encodedInternal();
        int seg = blob ? len : header.segmentSize();
        int count = blob ? 1 : Math.max(1, (len + seg - 1) / seg);
        byte[] key = SealingCrypto.deriveDataKey(rootKey, header);
        try {
            AesGcm gcm = new AesGcm(key);
            byte[] aad = SealingCrypto.messageAad(h, associatedData);
            byte[] prefix = header.nonce();
            byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
            for (int i = count - 1; i >= 0; i--) {
                int from = i * seg;
                int n = Math.min(seg, len - from);
                gcm.encrypt(nonce(header, prefix, i, count, nonce), aad, window(plaintext, inStart + from, n),
                        window(out, outStart + h.length + i * (seg + AesGcm.TAG_LENGTH), n + AesGcm.TAG_LENGTH));
            }
            window(out, outStart, h.length).put(h);
            int total = h.length + len + count * AesGcm.TAG_LENGTH;
            plaintext.position(inStart + len);
            out.position(outStart + total);
            return total;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens all of {@code sealed}'s remaining bytes, whose header {@code header} was parsed from
     * their start, into {@code out} at its position (room for {@link SealingCrypto#plaintextLength}
     * bytes, checked by the caller). Both positions advance on success; on failure they do not,
     * and the output range is zeroed.
     *
     * @return the plaintext length
     */
    public static int open(byte[] rootKey, Header header, ByteBuffer sealed, byte[] associatedData,
            ByteBuffer out) throws TagMismatchException {
        int len = sealed.remaining();
        int plainLength = (int) SealingCrypto.checkedPlaintextLength(header, len);
        int inStart = sealed.position() + header.length();
        int outStart = out.position();
        int body = len - header.length();
        int full = header.kind() == Header.KIND_BLOB ? body : header.segmentSize() + AesGcm.TAG_LENGTH;
        int count = Math.max(1, (body + full - 1) / full);
        byte[] key = SealingCrypto.deriveDataKey(rootKey, header);
        try {
            AesGcm gcm = new AesGcm(key);
            byte[] aad = SealingCrypto.messageAad(header.encodedInternal(), associatedData);
            byte[] prefix = header.nonce();
            byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
            int o = outStart;
            for (int i = 0; i < count; i++) {
                int n = i == count - 1 ? body - i * full : full;
                int opened = gcm.decrypt(nonce(header, prefix, i, count, nonce), aad,
                        window(sealed, inStart + i * full, n), window(out, o, n - AesGcm.TAG_LENGTH));
                if (opened < 0) {
                    zero(out, outStart, plainLength);
                    throw SealingCrypto.messageFailed(header, i, count);
                }
                o += opened;
            }
            sealed.position(sealed.limit());
            out.position(o);
            return o - outStart;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The blob's nonce, or segment {@code index}'s from the stream's nonce prefix. */
    private static byte[] nonce(Header header, byte[] blobNonceOrPrefix, int index, int count, byte[] into) {
        return header.kind() == Header.KIND_BLOB
                ? blobNonceOrPrefix
                : SealingCrypto.segmentNonce(blobNonceOrPrefix, index, index == count - 1, into);
    }

    /** {@code buffer[from..from+length)} as a buffer of its own, sharing the memory. */
    private static ByteBuffer window(ByteBuffer buffer, int from, int length) {
        ByteBuffer w = buffer.duplicate();
        w.limit(from + length).position(from);
        return w;
    }

    private static void zero(ByteBuffer out, int from, int length) {
        ByteBuffer w = window(out, from, length);
        while (w.hasRemaining()) {
            w.put(ZEROS, 0, Math.min(ZEROS.length, w.remaining()));
        }
    }
}
