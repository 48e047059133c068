package io.tee4j.sealing.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 96-bit nonce and a 128-bit tag through the JDK's {@link Cipher} (SunJCE,
 * which uses the AES-NI and CLMUL intrinsics). One instance per key; not thread-safe. This is the
 * only place sealing touches a cipher, and the Wycheproof test goes through it.
 */
public final class AesGcm {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /**
     * The largest piece handed to the JDK cipher in one call when encrypting. Decryption cannot
     * be split this way (the JDK buffers GCM input until the tag is checked), which is why
     * sealing keeps every GCM message, blob or segment, at 16 KiB by default.
     */
    public static final int PIECE = 16 * 1024;

    private final SecretKey key;
    private final Cipher cipher;

    public AesGcm(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key");
        }
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("the JDK lacks AES/GCM/NoPadding", e);
        }
    }

    /**
     * Encrypts {@code in[inOff..inOff+len)} into {@code out} at {@code outOff}, ciphertext then tag,
     * authenticating {@code aad1 ‖ aad2} (either may be null).
     *
     * @return the number of bytes written ({@code len + 16})
     */
    public int encrypt(byte[] nonce, byte[] aad1, byte[] aad2, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        try {
            init(Cipher.ENCRYPT_MODE, nonce, aad1, aad2);
            // Fed in pieces: JDK 17's GCM reaches its AES-NI/CLMUL intrinsics only once the
            // calling code is JIT-compiled, which many calls on small pieces bring about quickly
            // and a few calls on large arrays practically never do (measured: 1 MiB per call
            // stays near 10 MB/s for hundreds of calls; 16 KiB pieces reach 4.5 GB/s).
            int written = 0;
            int off = inOff;
            int left = len;
            while (left > PIECE) {
                written += cipher.update(in, off, PIECE, out, outOff + written);
                off += PIECE;
                left -= PIECE;
            }
            return written + cipher.doFinal(in, off, left, out, outOff + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts and authenticates {@code in[inOff..inOff+len)} (ciphertext then tag) into {@code out}.
     *
     * @return the plaintext length, or -1 when the tag does not verify (nothing is released then)
     */
    public int decrypt(byte[] nonce, byte[] aad1, byte[] aad2, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        if (len < TAG_LENGTH) {
            return -1;
        }
        try {
            init(Cipher.DECRYPT_MODE, nonce, aad1, aad2);
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /**
     * Encrypts all of {@code in}'s remaining bytes into {@code out} at its position (ciphertext
     * then tag), authenticating {@code aad}, in one call of the JDK cipher: its ByteBuffer methods
     * are copy-safe (input and output may share memory), which splitting the message into
     * pieces would lose. Both buffers' positions advance.
     *
     * @return the number of bytes written ({@code in.remaining() + 16})
     */
    public int encrypt(byte[] nonce, byte[] aad, ByteBuffer in, ByteBuffer out) {
        try {
            init(Cipher.ENCRYPT_MODE, nonce, aad, null);
            return cipher.doFinal(in, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts and authenticates all of {@code in}'s remaining bytes (ciphertext then tag) into
     * {@code out} at its position, in one copy-safe call of the JDK cipher.
     *
     * @return the plaintext length, or -1 when the tag does not verify (what {@code out} then
     *     holds in the range is for the caller to wipe)
     */
    public int decrypt(byte[] nonce, byte[] aad, ByteBuffer in, ByteBuffer out) {
        if (in.remaining() < TAG_LENGTH) {
            return -1;
        }
        try {
            init(Cipher.DECRYPT_MODE, nonce, aad, null);
            return cipher.doFinal(in, out);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void init(int mode, byte[] nonce, byte[] aad1, byte[] aad2)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AES-GCM nonce must be 12 bytes");
        }
        cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        if (aad1 != null && aad1.length > 0) {
            cipher.updateAAD(aad1);
        }
        if (aad2 != null && aad2.length > 0) {
            cipher.updateAAD(aad2);
        }
    }
}
