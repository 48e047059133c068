package io.tee4j.coco.jwe;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.coco.Vectors;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;

/**
 * Fuzz harness for the encrypted resource response parser and decryptor, with the vectors' P-256
 * and RSA TEE keys: any input must decrypt or be refused as malformed or unauthentic, never with an
 * unchecked exception. Seeds: the jwe/ vectors, in
 * {@code src/test/resources/io/tee4j/coco/jwe/ResponseFuzzTestInputs/decrypt/}.
 */
class ResponseFuzzTest {
    private static final TeeKeyPair P256 = key("jwe/tee-p256-private.jwk", TeeKeyAlgorithm.ECDH_ES_A256KW_P256);
    private static final TeeKeyPair RSA = key("jwe/tee-rsa3072-private.jwk", TeeKeyAlgorithm.RSA_OAEP_256);

    private static TeeKeyPair key(String name, TeeKeyAlgorithm alg) {
        try {
            return Vectors.key(name, alg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void decrypt(byte[] data) {
        for (TeeKeyPair k : new TeeKeyPair[] {P256, RSA}) {
            try {
                ResponseDecryptor.decrypt(data, k).destroy();
            } catch (MalformedEvidenceException | VerificationFailedException expected) {
                // typed
            }
        }
    }
}
