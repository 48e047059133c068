package io.tee4j.tpm.abi;

import io.tee4j.core.MalformedEvidenceException;

/**
 * The TPM signature schemes tee4j verifies (TPM_ALG_ID values).
 *
 * @since 0.1
 */
public enum SignatureScheme {
    /** TPM_ALG_RSASSA (0x0014): RSASSA-PKCS1-v1_5. */
    RSASSA(0x0014),
    /** TPM_ALG_RSAPSS (0x0016): RSASSA-PSS with a salt as long as the digest. */
    RSAPSS(0x0016),
    /** TPM_ALG_ECDSA (0x0018). */
    ECDSA(0x0018);

    private final int id;

    SignatureScheme(int id) {
        this.id = id;
    }

    /** The TPM_ALG_ID. */
    public int id() {
        return id;
    }

    /** Whether the scheme uses an RSA key. */
    public boolean isRsa() {
        return this != ECDSA;
    }

    /** The scheme with this id; any other id is malformed evidence naming {@code what}. */
    public static SignatureScheme require(int id, String what) throws MalformedEvidenceException {
        for (SignatureScheme s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new MalformedEvidenceException(what + ": signature scheme 0x" + Integer.toHexString(id)
                + " is not RSASSA (0x14), RSAPSS (0x16) or ECDSA (0x18)");
    }
}
