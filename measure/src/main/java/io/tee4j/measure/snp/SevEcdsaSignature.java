package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.measure.internal.Le;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The SEV ECDSA signature structure: 512 bytes = {@code R[72], S[72]} little-endian, the rest
 * zero. The ID block signature and the ID key's signature by the author key use it.
 *
 * @since 0.1
 */
public final class SevEcdsaSignature {
    /** Size of the structure. */
    public static final int BYTES = 512;
    private static final int COMPONENT_BYTES = 72;

    private SevEcdsaSignature() {
    }

    /** The structure holding r and s. */
    public static byte[] encode(BigInteger r, BigInteger s) {
        byte[] out = new byte[BYTES];
        System.arraycopy(Le.unsignedLittleEndian(r, COMPONENT_BYTES), 0, out, 0, COMPONENT_BYTES);
        System.arraycopy(Le.unsignedLittleEndian(s, COMPONENT_BYTES), 0, out, COMPONENT_BYTES, COMPONENT_BYTES);
        return out;
    }

    /**
     * True when {@code signature} (512 bytes, reserved bytes zero) is a valid ECDSA P-384/SHA-384
     * signature of {@code message} under {@code key}.
     */
    public static boolean verify(EcdsaVerifier key, byte[] message, byte[] signature) throws MalformedEvidenceException {
        if (signature.length != BYTES) {
            throw new MalformedEvidenceException("SEV ECDSA signature: " + signature.length + " bytes, not " + BYTES);
        }
        for (int i = 2 * COMPONENT_BYTES; i < BYTES; i++) {
            if (signature[i] != 0) {
                return false;
            }
        }
        return key.verifyLittleEndian(message, 0, message.length, Arrays.copyOfRange(signature, 0, COMPONENT_BYTES),
                Arrays.copyOfRange(signature, COMPONENT_BYTES, 2 * COMPONENT_BYTES));
    }
}
