package io.tee4j.sealing.internal;

import io.tee4j.sealing.SealedDataAuthenticationException;
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

    /** {@code header ‖ AES-256-GCM(key, nonce, aad = header ‖ associatedData, plaintext) ‖ tag}. */
    public static byte[] sealBlob(byte[] rootKey, Header header, byte[] plaintext, byte[] associatedData) {
        if (header.kind() != Header.KIND_BLOB || header.aadLength() != associatedData.length) {
            throw new IllegalArgumentException("header does not describe this blob");
        }
        if (plaintext.length > Integer.MAX_VALUE - 32 - header.length()) {
            throw new IllegalArgumentException("plaintext too large for one blob; use a sealing stream");
        }
        byte[] key = deriveDataKey(rootKey, header);
        try {
            byte[] h = header.encodedInternal();
            byte[] out = new byte[h.length + plaintext.length + AesGcm.TAG_LENGTH];
            System.arraycopy(h, 0, out, 0, h.length);
            new AesGcm(key).encrypt(header.nonce(), h, associatedData, plaintext, 0, plaintext.length, out, h.length);
            return out;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Opens a blob whose header was parsed from the start of {@code sealed}. */
    public static byte[] openBlob(byte[] rootKey, Header header, byte[] sealed, byte[] associatedData)
            throws SealedDataAuthenticationException {
        int off = header.length();
        int ctLen = sealed.length - off;
        if (ctLen < AesGcm.TAG_LENGTH) {
            throw new SealedDataAuthenticationException("sealed blob is shorter than its authentication tag");
        }
        byte[] key = deriveDataKey(rootKey, header);
        try {
            byte[] out = new byte[ctLen - AesGcm.TAG_LENGTH];
            int n = new AesGcm(key).decrypt(header.nonce(), header.encodedInternal(), associatedData,
                    sealed, off, ctLen, out, 0);
            if (n < 0) {
                throw new SealedDataAuthenticationException(
                        "sealed blob did not authenticate (tampered, wrong key or wrong associated data)");
            }
            return out;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The nonce of stream segment {@code index}: prefix(7) ‖ index (u32 BE) ‖ last-segment flag. */
    public static byte[] segmentNonce(byte[] prefix, long index, boolean last) {
        if (index < 0 || index > 0xffffffffL) {
            throw new IllegalArgumentException("segment index out of range");
        }
        byte[] n = new byte[AesGcm.NONCE_LENGTH];
        System.arraycopy(prefix, 0, n, 0, Header.STREAM_NONCE_PREFIX_LENGTH);
        n[7] = (byte) (index >>> 24);
        n[8] = (byte) (index >>> 16);
        n[9] = (byte) (index >>> 8);
        n[10] = (byte) index;
        n[11] = (byte) (last ? 1 : 0);
        return n;
    }
}
