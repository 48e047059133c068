package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import io.tee4j.measure.internal.LeReader;
import java.math.BigInteger;

/**
 * The SEV ECDSA public-key structure (AMD SEV-SNP firmware ABI, appendix on key formats): 1028
 * (0x404) bytes = {@code u32 curve (2 = P-384), QX[72], QY[72]} little-endian, the rest zero. The
 * ID key and the author key travel in this form inside ID_AUTH_INFO, and the attestation report's
 * ID_KEY_DIGEST and AUTHOR_KEY_DIGEST are the SHA-384 of these 1028 bytes.
 *
 * @since 0.1
 */
public final class SevEcdsaPublicKey {
    /** Size of the structure. */
    public static final int BYTES = 0x404;
    /** The curve value of P-384. */
    public static final int CURVE_P384 = 2;
    private static final int COORDINATE_BYTES = 72;

    private SevEcdsaPublicKey() {
    }

    /** The structure for a P-384 point given by its affine coordinates. */
    public static byte[] encode(BigInteger x, BigInteger y) {
        byte[] s = new byte[BYTES];
        Le.putU32(s, 0, CURVE_P384);
        System.arraycopy(Le.unsignedLittleEndian(x, COORDINATE_BYTES), 0, s, 4, COORDINATE_BYTES);
        System.arraycopy(Le.unsignedLittleEndian(y, COORDINATE_BYTES), 0, s, 4 + COORDINATE_BYTES, COORDINATE_BYTES);
        return s;
    }

    /** SHA-384 of the structure: what a report's ID_KEY_DIGEST or AUTHOR_KEY_DIGEST holds. */
    public static byte[] digest(byte[] structure) {
        if (structure.length != BYTES) {
            throw new IllegalArgumentException("an SEV ECDSA public key is " + BYTES + " bytes, not " + structure.length);
        }
        return Digests.sha384(structure);
    }

    /** A verifier for the key in {@code structure}: P-384, a point of the curve, reserved bytes zero. */
    public static EcdsaVerifier verifier(byte[] structure) throws MalformedEvidenceException {
        LeReader r = new LeReader(structure, "SEV ECDSA public key");
        if (structure.length != BYTES) {
            throw new MalformedEvidenceException("SEV ECDSA public key: " + structure.length + " bytes, not " + BYTES);
        }
        long curve = r.u32(0, "curve");
        if (curve != CURVE_P384) {
            throw new MalformedEvidenceException("SEV ECDSA public key: curve " + curve + " (only 2, P-384, is defined)");
        }
        for (int i = 4 + 2 * COORDINATE_BYTES; i < BYTES; i++) {
            if (structure[i] != 0) {
                throw new MalformedEvidenceException("SEV ECDSA public key: reserved byte 0x" + Integer.toHexString(i)
                        + " is not zero");
            }
        }
        BigInteger x = Le.unsignedFromLittleEndian(structure, 4, COORDINATE_BYTES);
        BigInteger y = Le.unsignedFromLittleEndian(structure, 4 + COORDINATE_BYTES, COORDINATE_BYTES);
        try {
            return EcdsaVerifier.fromCoordinates(EcCurve.P384, x, y);
        } catch (InvalidKeyException e) {
            throw new MalformedEvidenceException("SEV ECDSA public key: " + e.getMessage(), e);
        }
    }
}
