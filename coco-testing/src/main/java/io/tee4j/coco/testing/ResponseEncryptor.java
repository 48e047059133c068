package io.tee4j.coco.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a resource the way trustee's KBS does ({@code kbs/src/jwe/mod.rs}): a flattened JWE with
 * a compact protected header in member order {@code alg, enc, epk(crv, kty, x, y)} (guest-components
 * re-serialises the header for the AAD, so the order is part of the format), a random 32-byte CEK,
 * A256GCM with a 12-byte IV and AAD = ASCII of the protected member. Key management by the TEE key's
 * {@code alg}: ECDH-ES+A256KW (Concat KDF SHA-256, empty apu/apv), RSA-OAEP-256 or RSA1_5.
 * Test infrastructure: it encrypts to whatever key it is given.
 */
public final class ResponseEncryptor {
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResponseEncryptor() {
    }

    /** The JWE body for {@code plaintext} to {@code key} under {@code alg}. */
    public static byte[] encrypt(byte[] plaintext, PublicKey key, String alg, String crv) throws GeneralSecurityException {
        byte[] cek = new byte[32];
        RANDOM.nextBytes(cek);
        String header;
        byte[] wrapped;
        if (alg.equals("ECDH-ES+A256KW") && key instanceof ECPublicKey ec) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(ec.getParams());
            KeyPair eph = g.generateKeyPair();
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(eph.getPrivate());
            ka.doPhase(ec, true);
            byte[] kek = concatKdf(ka.generateSecret(), alg);
            Cipher kw = Cipher.getInstance("AESWrap");
            kw.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
            wrapped = kw.wrap(new SecretKeySpec(cek, "AES"));
            ECPublicKey epk = (ECPublicKey) eph.getPublic();
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            header = "{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\",\"epk\":{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\""
                    + B64U.encodeToString(fixed(epk.getW().getAffineX().toByteArray(), size)) + "\",\"y\":\""
                    + B64U.encodeToString(fixed(epk.getW().getAffineY().toByteArray(), size)) + "\"}}";
        } else if (alg.equals("RSA-OAEP-256")) {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT));
            wrapped = c.doFinal(cek);
            header = "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}";
        } else if (alg.equals("RSA1_5")) {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.ENCRYPT_MODE, key);
            wrapped = c.doFinal(cek);
            header = "{\"alg\":\"RSA1_5\",\"enc\":\"A256GCM\"}";
        } else {
            throw new GeneralSecurityException("JweError: unsupported TEE key algorithm " + alg);
        }
        String protectedB64 = B64U.encodeToString(header.getBytes(StandardCharsets.UTF_8));
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(protectedB64.getBytes(StandardCharsets.US_ASCII));
        byte[] out = gcm.doFinal(plaintext);
        Arrays.fill(cek, (byte) 0);
        byte[] ct = Arrays.copyOf(out, out.length - 16);
        byte[] tag = Arrays.copyOfRange(out, out.length - 16, out.length);
        String body = "{\"protected\":\"" + protectedB64 + "\",\"encrypted_key\":\"" + B64U.encodeToString(wrapped)
                + "\",\"iv\":\"" + B64U.encodeToString(iv) + "\",\"ciphertext\":\"" + B64U.encodeToString(ct)
                + "\",\"tag\":\"" + B64U.encodeToString(tag) + "\"}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 7518 section 4.6.2 Concat KDF, one SHA-256 block, 256-bit output, empty apu/apv. */
    static byte[] concatKdf(byte[] z, String alg) throws GeneralSecurityException {
        byte[] id = alg.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + z.length + 4 + id.length + 4 + 4 + 4);
        b.putInt(1).put(z).putInt(id.length).put(id).putInt(0).putInt(0).putInt(256);
        byte[] kek = MessageDigest.getInstance("SHA-256").digest(b.array());
        Arrays.fill(z, (byte) 0);
        return kek;
    }

    private static byte[] fixed(byte[] signed, int size) {
        byte[] out = new byte[size];
        int n = Math.min(signed.length, size);
        System.arraycopy(signed, signed.length - n, out, size - n, n);
        return out;
    }
}
