package io.tee4j.se.client;

import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.HostKeyHash;
import io.tee4j.se.abi.Keyslot;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes an ARCB v1 from fully given inputs (customer key pair, host keys, ARPK, IV, measurement
 * key, nonce, flags): one keyslot per host key, then the measurement key and nonce encrypted with
 * AES-256-GCM under the ARPK over everything before them. Deterministic, so a test can rebuild
 * IBM's own request byte for byte; {@link SeRequestBuilder} draws the random inputs.
 *
 * @since 0.3
 */
public final class ArcbWriter {
    private ArcbWriter() {
    }

    /**
     * The ARCB bytes. {@code nonce} is {@code null} for a request without one (then the flags must
     * not name {@link AttestationFlags#NONCE}).
     */
    public static byte[] write(KeyPair customer, List<ECPublicKey> hostKeys, byte[] arpk, byte[] iv, byte[] measurementKey,
            byte[] nonce, long flags) throws GeneralSecurityException {
        boolean withNonce = (flags & AttestationFlags.NONCE.mask()) != 0;
        if (hostKeys.isEmpty() || hostKeys.size() > 255 || arpk.length != 32 || iv.length != 12
                || measurementKey.length != 64 || withNonce != (nonce != null) || (nonce != null && nonce.length != 16)) {
            throw new IllegalArgumentException("1..255 host keys, a 32-byte ARPK, 12-byte IV, 64-byte key, and a 16-byte "
                    + "nonce exactly when the nonce flag is set");
        }
        int sea = withNonce ? 80 : 64;
        int aadLength = Arcb.KEYSLOTS_OFFSET + Keyslot.SIZE * hostKeys.size();
        ByteBuffer aad = ByteBuffer.allocate(aadLength);
        aad.put(new byte[8]).putInt(Arcb.VERSION_1).putInt(aadLength + sea + 16).put(iv).putInt(0);
        aad.put(new byte[7]).put((byte) hostKeys.size()).putInt(0).putInt(sea).putLong(flags)
                .putInt(Arcb.MAI_HMAC_SHA512).putInt(0);
        aad.put(HostKeyHash.coordinates((ECPublicKey) customer.getPublic()));
        for (ECPublicKey host : hostKeys) {
            byte[] kek = KeyWrapping.kek(customer.getPrivate(), host);
            try {
                aad.put(HostKeyHash.of(host)).put(KeyWrapping.wrap(kek, arpk));
            } finally {
                Arrays.fill(kek, (byte) 0);
            }
        }
        byte[] secret = new byte[sea];
        System.arraycopy(measurementKey, 0, secret, 0, 64);
        if (nonce != null) {
            System.arraycopy(nonce, 0, secret, 64, 16);
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(arpk, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(aad.array());
            byte[] enc = gcm.doFinal(secret);
            return ByteBuffer.allocate(aadLength + enc.length).put(aad.array()).put(enc).array();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
