package io.tee4j.nvgpu.collateral;

import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * Checks the signature of an OCSP answer over its exact tbsResponseData bytes. ECDSA with SHA-256,
 * SHA-384 or SHA-512 (what NVIDIA's responder uses) goes through core's {@link EcdsaVerifier}
 * (Bouncy Castle's lightweight ECDSA: a valid key point, the unique DER encoding of r and s, both
 * in [1, n-1]); RSA PKCS#1 v1.5 with the same hashes through the JDK. Any other algorithm, a key of
 * the wrong type, or parameters other than absent or NULL: not verified, so refused.
 */
final class OcspSignatures {
    private static final Map<String, String> ECDSA = Map.of("1.2.840.10045.4.3.2", "SHA-256",
            "1.2.840.10045.4.3.3", "SHA-384", "1.2.840.10045.4.3.4", "SHA-512");
    private static final Map<String, String> RSA = Map.of("1.2.840.113549.1.1.11", "SHA256withRSA",
            "1.2.840.113549.1.1.12", "SHA384withRSA", "1.2.840.113549.1.1.13", "SHA512withRSA");

    private OcspSignatures() {
    }

    /** Whether {@code key} signed {@code answer}. */
    static boolean signedBy(OcspBasicResponse answer, PublicKey key) {
        if (!answer.signatureParametersAbsentOrNull()) {
            return false;
        }
        String digest = ECDSA.get(answer.signatureAlgorithm());
        if (digest != null && key instanceof ECPublicKey) {
            try {
                EcdsaVerifier v = EcdsaVerifier.fromPublicKey(key);
                // decode() re-encodes what it read and refuses any difference (BER, trailing bytes).
                BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(v.curve().order(), answer.signature());
                byte[] hash = MessageDigest.getInstance(digest).digest(answer.tbsResponseData());
                return v.verifyDigest(hash, rs[0], rs[1]);
            } catch (InvalidKeyException | IOException | GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
        String rsa = RSA.get(answer.signatureAlgorithm());
        if (rsa != null && key instanceof RSAPublicKey) {
            try {
                Signature s = Signature.getInstance(rsa);
                s.initVerify(key);
                s.update(answer.tbsResponseData());
                return s.verify(answer.signature());
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }
}
