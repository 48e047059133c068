package io.tee4j.se.client;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key wrapping of SE requests (host keys are named by {@link io.tee4j.se.abi.HostKeyHash}):
 * the key-encryption key is SHA-256(Z ‖ 00000001) with Z the 66-byte ECDH P-521 shared secret; the ARPK is wrapped with AES-256-GCM under the KEK with a zero IV and
 * no AAD (safe only because the customer key pair, hence the KEK, is new for every request).
 *
 * @since 0.3
 */
public final class KeyWrapping {
    private KeyWrapping() {
    }

    /** The key-encryption key between {@code ours} and {@code theirs}. */
    public static byte[] kek(PrivateKey ours, ECPublicKey theirs) throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(ours);
        ka.doPhase(theirs, true);
        byte[] z = ka.generateSecret();
        try {
            return sha256(ByteBuffer.allocate(z.length + 4).put(z).putInt(1).array());
        } finally {
            Arrays.fill(z, (byte) 0);
        }
    }

    /** AES-256-GCM(kek, zero IV, no AAD) of {@code arpk}: 32 bytes of ciphertext then the 16-byte tag. */
    public static byte[] wrap(byte[] kek, byte[] arpk) throws GeneralSecurityException {
        return gcm(Cipher.ENCRYPT_MODE, kek, arpk);
    }

    /** Inverse of {@link #wrap}; throws when the tag does not verify. */
    public static byte[] unwrap(byte[] kek, byte[] wrappedAndTag) throws GeneralSecurityException {
        return gcm(Cipher.DECRYPT_MODE, kek, wrappedAndTag);
    }

    private static byte[] gcm(int mode, byte[] kek, byte[] in) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, new byte[12]));
        return c.doFinal(in);
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    }
}
