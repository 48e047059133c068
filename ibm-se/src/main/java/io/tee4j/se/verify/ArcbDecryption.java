package io.tee4j.se.verify;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.Arcb;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Step 1 of response verification: AES-256-GCM decryption of the request's encrypted area with
 * the ARPK (IV from the request, AAD = every byte before the encrypted area). A verified tag
 * proves the request is the one built with this ARPK; it says nothing about the Ultravisor yet.
 *
 * @since 0.3
 */
public final class ArcbDecryption {
    private ArcbDecryption() {
    }

    /**
     * Decrypts {@code arcb} with {@code arpk}.
     *
     * @throws ArcbAuthenticationException the tag does not verify (wrong ARPK or changed request)
     */
    public static DecryptedArcb decrypt(Arcb arcb, SecretBytes arpk) throws ArcbAuthenticationException {
        byte[] key = arpk.toByteArray(SecretAccess.INSECURE);
        byte[] plain = null;
        try {
            if (key.length != 32) {
                throw new ArcbAuthenticationException("an ARPK is 32 bytes, not " + key.length, null);
            }
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, arcb.iv()));
            gcm.updateAAD(arcb.additionalAuthenticatedData());
            plain = gcm.doFinal(arcb.ciphertextAndTag());
            SecretBytes measurementKey = SecretBytes.copyOf(Arrays.copyOf(plain, 64), SecretAccess.INSECURE);
            Optional<byte[]> nonce = arcb.hasNonce() ? Optional.of(Arrays.copyOfRange(plain, 64, 80)) : Optional.empty();
            return new DecryptedArcb(arcb, measurementKey, nonce);
        } catch (AEADBadTagException e) {
            throw new ArcbAuthenticationException("ARCB AES-GCM authentication failed: wrong ARPK or changed request", e);
        } catch (GeneralSecurityException e) {
            throw new ArcbAuthenticationException("ARCB AES-GCM decryption failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
