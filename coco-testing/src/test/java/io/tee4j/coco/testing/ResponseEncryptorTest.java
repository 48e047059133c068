package io.tee4j.coco.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.jwe.EncryptedResponse;
import io.tee4j.coco.jwe.ResponseDecryptor;
import io.tee4j.coco.jwe.TeeKeyAlgorithm;
import io.tee4j.coco.jwe.TeeKeyPair;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The fake KBS's JWE is trustee's byte for byte in its header: compact JSON in member order
 * {@code alg, enc, epk(crv, kty, x, y)}, which guest-components re-serialises for the AAD.
 */
class ResponseEncryptorTest {
    private static final byte[] PLAIN = "resource".getBytes(StandardCharsets.UTF_8);

    @Test
    void headersAreInTrusteesMemberOrderAndDecrypt() throws Exception {
        for (TeeKeyAlgorithm alg : TeeKeyAlgorithm.values()) {
            TeeKeyPair key = TeeKeyPair.generate(alg);
            byte[] body = ResponseEncryptor.encrypt(PLAIN, key.publicKey(), alg.jweAlg(), alg.jwkCurve());
            String header = new String(Base64.getUrlDecoder().decode(EncryptedResponse.parse(body).protectedHeader()),
                    StandardCharsets.UTF_8);
            String prefix = "{\"alg\":\"" + alg.jweAlg() + "\",\"enc\":\"A256GCM\"";
            assertTrue(header.startsWith(prefix), header);
            if (alg.isEc()) {
                assertTrue(header.matches("\\{\"alg\":\"ECDH-ES\\+A256KW\",\"enc\":\"A256GCM\",\"epk\":\\{\"crv\":\""
                        + alg.jwkCurve() + "\",\"kty\":\"EC\",\"x\":\"[A-Za-z0-9_-]+\",\"y\":\"[A-Za-z0-9_-]+\"}}"), header);
            } else {
                assertEquals(prefix + "}", header);
            }
            try (SecretBytes s = ResponseDecryptor.decrypt(body, key)) {
                assertArrayEquals(PLAIN, s.toByteArray(SecretAccess.INSECURE), alg.name());
            }
        }
    }

    /** kbs/expected.json jwe cases: Z -> KEK for the P-256 and P-521 responses. */
    @Test
    void concatKdfGivesTheVectorsKek() throws Exception {
        java.util.HexFormat hex = java.util.HexFormat.of();
        assertEquals("5ec4b80387ac06aa29744a9ac00e821041ca58dce36e6b15fdbd1e06168fe87f", hex.formatHex(
                ResponseEncryptor.concatKdf(hex.parseHex("1d6733cfa4e28835deb9b437e8c2d2deed08dff6f7711986a1a1175306e6580c"),
                        "ECDH-ES+A256KW")));
        assertEquals("fcdc9b19d03667fb328585664019cee031f76ff702701025a4b0cf072ad993a4", hex.formatHex(
                ResponseEncryptor.concatKdf(hex.parseHex("0076c8278512d86bf08bbfeb810a14d2f0e86f251cd01da81fa484a107f79e3dcb8cbd"
                        + "d2dc5148881da00b2739814c4aecb520e67569af52e4307513ca11f2148ebe"), "ECDH-ES+A256KW")));
    }
}
