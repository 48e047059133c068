package io.tee4j.sealing.internal;

import io.tee4j.sealing.format.Header;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The cryptography of format version 1: the per-blob key and the single-shot blob. See
 * {@code sealing/FORMAT.md}.
 */
public final class SealingCrypto {
    /** The HKDF label; {@code info = LABEL ‖ format version ‖ header}. */
    public static final byte[] LABEL = "tee4j/sealing/key".getBytes(StandardCharsets.US_ASCII);

    private SealingCrypto() {
    }

    /** HKDF-SHA-384(IKM = root key, salt = header salt, info = label ‖ version ‖ header), 32 bytes. */
    public static byte[] deriveDataKey(byte[] rootKey, Header header) {
        byte[] h = header.encodedInternal();
        byte[] info = new byte[LABEL.length + 1 + h.length];
        System.arraycopy(LABEL, 0, info, 0, LABEL.length);
        info[LABEL.length] = (byte) Header.FORMAT_VERSION;
        System.arraycopy(h, 0, info, LABEL.length + 1, h.length);
        return Hkdf.derive(Hkdf.HMAC_SHA384, rootKey, header.salt(), info, AesGcm.KEY_LENGTH);
    }

    /**
     * {@code header ‖ associatedData}, every message's AAD, as one array: built once per stream or
     * segmented blob and given to the cipher in one piece (JDK 17's GCM buffers the AAD of each
     * message, so one piece instead of two saves a buffer growth and a copy per segment).
     */
    public static byte[] messageAad(byte[] header, byte[] associatedData) {
        byte[] aad = Arrays.copyOf(header, header.length + associatedData.length);
        System.arraycopy(associatedData, 0, aad, header.length, associatedData.length);
        return aad;
    }

    /** The length of a single-message blob of {@code plainLength} bytes. */
    public static long blobLength(Header header, long plainLength) {
        return header.length() + plainLength + AesGcm.TAG_LENGTH;
    }

    /** {@code header ‖ AES-256-GCM(key, nonce, aad = header ‖ associatedData, plaintext) ‖ tag}. */
    public static byte[] sealBlob(byte[] rootKey, Header header, byte[] plaintext, byte[] associatedData) {
        long total = blobLength(header, plaintext.length);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("plaintext too large for one blob; use a sealing stream");
        }
        byte[] out = new byte[(int) total];
        sealBlob(rootKey, header, plaintext, associatedData, out, 0);
        return out;
    }

    /** As {@link #sealBlob(byte[], Header, byte[], byte[])}, into {@code out} at {@code outOffset}. */
    public static int sealBlob(byte[] rootKey, Header header, byte[] plaintext, byte[] associatedData,
            byte[] out, int outOffset) {
        if (header.kind() != Header.KIND_BLOB || header.aadLength() != associatedData.length) {
            throw new IllegalArgumentException("header does not describe this blob");
        }
        byte[] key = deriveDataKey(rootKey, header);
        try {
            byte[] h = header.encodedInternal();
            System.arraycopy(h, 0, out, outOffset, h.length);
            return h.length + new AesGcm(key).encrypt(header.nonce(), h, associatedData, plaintext, 0,
                    plaintext.length, out, outOffset + h.length);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Opens a blob whose header was parsed from the start of {@code sealed}. */
    public static byte[] openBlob(byte[] rootKey, Header header, byte[] sealed, byte[] associatedData)
            throws TagMismatchException {
        byte[] out = new byte[(int) checkedPlaintextLength(header, sealed.length)];
        openBlob(rootKey, header, sealed, associatedData, out, 0);
        return out;
    }

    /**
     * As {@link #openBlob(byte[], Header, byte[], byte[])}, into {@code out} at {@code outOffset}
     * (room for {@link #plaintextLength} bytes, checked by the caller). On failure the range is zeroed.
     */
    public static int openBlob(byte[] rootKey, Header header, byte[] sealed, byte[] associatedData,
            byte[] out, int outOffset) throws TagMismatchException {
        int plainLength = (int) checkedPlaintextLength(header, sealed.length);
        byte[] key = deriveDataKey(rootKey, header);
        try {
            int off = header.length();
            int n = new AesGcm(key).decrypt(header.nonce(), header.encodedInternal(), associatedData,
                    sealed, off, sealed.length - off, out, outOffset);
            if (n < 0) {
                Arrays.fill(out, outOffset, outOffset + plainLength, (byte) 0);
                throw messageFailed(header, 0, 1);
            }
            return n;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The plaintext length of the whole sealed data ({@code sealedLength} bytes, blob or stream
     * encoding) that {@code header} starts, or -1 when no such data has that length (truncated).
     */
    public static long plaintextLength(Header header, long sealedLength) {
        long body = sealedLength - header.length();
        if (body < AesGcm.TAG_LENGTH) {
            return -1;
        }
        if (header.kind() == Header.KIND_BLOB) {
            return body - AesGcm.TAG_LENGTH;
        }
        long full = header.segmentSize() + AesGcm.TAG_LENGTH;
        long segments = (body + full - 1) / full;
        long lastLength = body - (segments - 1) * full;
        return lastLength < AesGcm.TAG_LENGTH ? -1 : body - segments * AesGcm.TAG_LENGTH;
    }

    /** The failure of message {@code index} of {@code count} (a blob has one) to authenticate. */
    static TagMismatchException messageFailed(Header header, int index, int count) {
        return new TagMismatchException(header.kind() == Header.KIND_BLOB
                ? "sealed blob did not authenticate (tampered, wrong key or wrong associated data)"
                : "segment " + index + " of " + count + " did not authenticate (tampered, truncated, reordered,"
                        + " from another stream, wrong key or wrong associated data)");
    }

    static long checkedPlaintextLength(Header header, long sealedLength) throws TagMismatchException {
        long n = plaintextLength(header, sealedLength);
        if (n < 0) {
            throw new TagMismatchException(header.kind() == Header.KIND_BLOB
                    ? "sealed blob is shorter than its authentication tag"
                    : "sealed stream is truncated (no complete last segment)");
        }
        return n;
    }

    /**
     * The length of a segmented (stream) encoding of {@code plainLength} bytes; it may exceed what
     * one array holds, which callers building the encoding in memory check.
     */
    public static long segmentedLength(Header header, long plainLength) {
        int seg = header.segmentSize();
        long segments = Math.max(1, (plainLength + seg - 1) / seg);
        return header.length() + plainLength + segments * AesGcm.TAG_LENGTH;
    }

    /** The whole stream encoding of {@code plaintext}, built in memory (what a sealing stream writes). */
    public static byte[] sealSegmented(byte[] rootKey, Header header, byte[] plaintext, byte[] associatedData) {
        long total = segmentedLength(header, plaintext.length);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("plaintext too large to seal in memory; use a sealing stream");
        }
        byte[] out = new byte[(int) total];
        sealSegmented(rootKey, header, plaintext, associatedData, out, 0);
        return out;
    }

    /** As {@link #sealSegmented(byte[], Header, byte[], byte[])}, into {@code out} at {@code outOffset}. */
    public static int sealSegmented(byte[] rootKey, Header header, byte[] plaintext, byte[] associatedData,
            byte[] out, int outOffset) {
        if (header.kind() != Header.KIND_STREAM || header.aadLength() != associatedData.length) {
            throw new IllegalArgumentException("header does not describe this stream");
        }
        byte[] key = deriveDataKey(rootKey, header);
        try {
            AesGcm gcm = new AesGcm(key);
            byte[] h = header.encodedInternal();
            byte[] aad = messageAad(h, associatedData);
            byte[] prefix = header.nonce();
            System.arraycopy(h, 0, out, outOffset, h.length);
            int seg = header.segmentSize();
            int in = 0;
            int o = outOffset + h.length;
            byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
            long index = 0;
            while (true) {
                int n = Math.min(seg, plaintext.length - in);
                boolean last = in + n == plaintext.length;
                o += gcm.encrypt(segmentNonce(prefix, index++, last, nonce), aad, null, plaintext, in, n, out, o);
                in += n;
                if (last) {
                    return o - outOffset;
                }
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens a whole stream encoding held in memory. The segment boundaries follow from the
     * length exactly as a stream reader finds them: every segment is full but the last, which
     * is the one that ends the input.
     */
    public static byte[] openSegmented(byte[] rootKey, Header header, byte[] sealed, byte[] associatedData)
            throws TagMismatchException {
        byte[] out = new byte[(int) checkedPlaintextLength(header, sealed.length)];
        openSegmented(rootKey, header, sealed, associatedData, out, 0);
        return out;
    }

    /**
     * As {@link #openSegmented(byte[], Header, byte[], byte[])}, into {@code out} at
     * {@code outOffset} (room for {@link #plaintextLength} bytes, checked by the caller). When a
     * segment fails, everything already written (earlier segments' plaintext) is zeroed.
     */
    public static int openSegmented(byte[] rootKey, Header header, byte[] sealed, byte[] associatedData,
            byte[] out, int outOffset) throws TagMismatchException {
        int plainLength = (int) checkedPlaintextLength(header, sealed.length);
        int full = header.segmentSize() + AesGcm.TAG_LENGTH;
        int body = sealed.length - header.length();
        int segments = (body + full - 1) / full;
        int lastLength = body - (segments - 1) * full;
        byte[] key = deriveDataKey(rootKey, header);
        try {
            AesGcm gcm = new AesGcm(key);
            byte[] aad = messageAad(header.encodedInternal(), associatedData);
            byte[] prefix = header.nonce();
            byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
            int in = header.length();
            int o = outOffset;
            for (int i = 0; i < segments; i++) {
                boolean last = i == segments - 1;
                int len = last ? lastLength : full;
                int n = gcm.decrypt(segmentNonce(prefix, i, last, nonce), aad, null, sealed, in, len, out, o);
                if (n < 0) {
                    Arrays.fill(out, outOffset, outOffset + plainLength, (byte) 0);
                    throw messageFailed(header, i, segments);
                }
                in += len;
                o += n;
            }
            return o - outOffset;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The nonce of stream segment {@code index}: prefix(7) ‖ index (u32 BE) ‖ last-segment flag. */
    public static byte[] segmentNonce(byte[] prefix, long index, boolean last) {
        return segmentNonce(prefix, index, last, new byte[AesGcm.NONCE_LENGTH]);
    }

    /**
     * As {@link #segmentNonce(byte[], long, boolean)}, written into {@code nonce} (12 bytes, reused
     * from segment to segment by the streams) and returned.
     */
    public static byte[] segmentNonce(byte[] prefix, long index, boolean last, byte[] nonce) {
        if (index < 0 || index > 0xffffffffL) {
            throw new IllegalArgumentException("segment index out of range");
        }
        System.arraycopy(prefix, 0, nonce, 0, Header.STREAM_NONCE_PREFIX_LENGTH);
        nonce[7] = (byte) (index >>> 24);
        nonce[8] = (byte) (index >>> 16);
        nonce[9] = (byte) (index >>> 8);
        nonce[10] = (byte) index;
        nonce[11] = (byte) (last ? 1 : 0);
        return nonce;
    }
}
