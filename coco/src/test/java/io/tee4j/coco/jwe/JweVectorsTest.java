package io.tee4j.coco.jwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.Vectors;
import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.VerificationFailedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The jwe/ cases of kbs/expected.json. */
class JweVectorsTest {
    private static final byte[] PLAIN = Vectors.bytes("jwe/plaintext.bin");

    private static void decrypts(String response, String key, TeeKeyAlgorithm alg) throws Exception {
        try (SecretBytes s = ResponseDecryptor.decrypt(Vectors.bytes(response), Vectors.key(key, alg))) {
            assertArrayEquals(PLAIN, s.toByteArray(SecretAccess.INSECURE));
        }
    }

    private static AttestationException rejects(String response, String key, TeeKeyAlgorithm alg) throws Exception {
        TeeKeyPair k = Vectors.key(key, alg);
        return assertThrows(AttestationException.class, () -> ResponseDecryptor.decrypt(Vectors.bytes(response), k));
    }

    @Test
    void positivesDecryptToThePlaintext() throws Exception {
        decrypts("jwe/resp-ecdh-es-a256kw-p256.json", "jwe/tee-p256-private.jwk", TeeKeyAlgorithm.ECDH_ES_A256KW_P256);
        decrypts("jwe/resp-ecdh-es-a256kw-p521.json", "jwe/tee-p521-private.jwk", TeeKeyAlgorithm.ECDH_ES_A256KW_P521);
        decrypts("jwe/resp-rsa-oaep-256.json", "jwe/tee-rsa3072-private.jwk", TeeKeyAlgorithm.RSA_OAEP_256);
        decrypts("jwe/resp-rsa1_5.json", "jwe/tee-rsa3072-private.jwk", TeeKeyAlgorithm.RSA1_5);
    }

    @Test
    void integrityNegativesFailVerification() throws Exception {
        for (String neg : new String[] {"jwe/neg-tag-flipped.json", "jwe/neg-ciphertext-flipped.json",
                "jwe/neg-protected-reencoded.json", "jwe/neg-wrapped-key-flipped.json", "jwe/neg-epk-not-on-curve.json"}) {
            AttestationException e = rejects(neg, "jwe/tee-p256-private.jwk", TeeKeyAlgorithm.ECDH_ES_A256KW_P256);
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass(), neg + ": " + e.getMessage());
        }
    }

    @Test
    void reasonsAreTheDocumentedOnes() throws Exception {
        String tag = rejects("jwe/neg-tag-flipped.json", "jwe/tee-p256-private.jwk",
                TeeKeyAlgorithm.ECDH_ES_A256KW_P256).getMessage().toLowerCase();
        assertTrue(tag.contains("tag mismatch"), tag);
        String wrap = rejects("jwe/neg-wrapped-key-flipped.json", "jwe/tee-p256-private.jwk",
                TeeKeyAlgorithm.ECDH_ES_A256KW_P256).getMessage().toLowerCase();
        assertTrue(wrap.contains("unwrap") || wrap.contains("integrity"), wrap);
        String curve = rejects("jwe/neg-epk-not-on-curve.json", "jwe/tee-p256-private.jwk",
                TeeKeyAlgorithm.ECDH_ES_A256KW_P256).getMessage().toLowerCase();
        assertTrue(curve.contains("curve"), curve);
    }

    @Test
    void p256ResponseWithTheP521KeyIsRejected() throws Exception {
        AttestationException e = rejects("jwe/resp-ecdh-es-a256kw-p256.json", "jwe/tee-p521-private.jwk",
                TeeKeyAlgorithm.ECDH_ES_A256KW_P521);
        assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
        assertTrue(e.getMessage().toLowerCase().contains("curve"), e.getMessage());
    }

    @Test
    void anAlgorithmOtherThanTheKeysIsADowngradeAndRefused() throws Exception {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> ResponseDecryptor.decrypt(
                Vectors.bytes("jwe/resp-rsa1_5.json"), Vectors.key("jwe/tee-rsa3072-private.jwk", TeeKeyAlgorithm.RSA_OAEP_256)));
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
    }

    @Test
    void unknownMembersAndHeadersAreRefused() throws Exception {
        String body = Vectors.text("jwe/resp-ecdh-es-a256kw-p256.json");
        String withAad = body.replaceFirst("\\{", "{\"aad\":\"AA\",");
        TeeKeyPair k = Vectors.key("jwe/tee-p256-private.jwk", TeeKeyAlgorithm.ECDH_ES_A256KW_P256);
        assertEquals(FailureClass.MALFORMED_EVIDENCE, assertThrows(AttestationException.class,
                () -> ResponseDecryptor.decrypt(withAad.getBytes(StandardCharsets.UTF_8), k)).failureClass());
        for (String bad : new String[] {"", "{}", "[]", "{\"protected\":1}", "{\"protected\":\"a.b\",\"encrypted_key\":\"\","
                + "\"iv\":\"\",\"ciphertext\":\"\",\"tag\":\"\"}"}) {
            assertThrows(AttestationException.class,
                    () -> ResponseDecryptor.decrypt(bad.getBytes(StandardCharsets.UTF_8), k));
        }
    }
}
