package io.tee4j.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA signatures of certificates and CRLs checked through {@link EcdsaVerifier} (Bouncy Castle's
 * lightweight ECDSA on its custom NIST curves) instead of the JDK's SunEC provider, which is five to
 * fifteen times slower here. Covers ecdsa-with-SHA256/384/512 without parameters on P-256, P-384
 * and P-521 keys; anything else is left to the JDK. The checks are those of the JDK path: the key
 * must be a valid curve point, the signature the unique DER encoding of r and s, both in [1, n-1],
 * and the signature must verify over the exact to-be-signed bytes. Not API.
 */
final class X509EcdsaSignatures {
    private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
    private static final String ECDSA_SHA384 = "1.2.840.10045.4.3.3";
    private static final String ECDSA_SHA512 = "1.2.840.10045.4.3.4";

    private X509EcdsaSignatures() {
    }

    /** Whether this class handles a signature with this algorithm, parameters and key. */
    static boolean handles(String sigAlgOid, byte[] sigAlgParams, PublicKey key) {
        return digestName(sigAlgOid) != null && sigAlgParams == null && key instanceof ECPublicKey;
    }

    /**
     * Verifies a signature that {@link #handles} accepts.
     *
     * @return whether it verifies; false too for a key that is not a valid point of a supported curve
     */
    static boolean verify(String sigAlgOid, byte[] tbs, byte[] signature, PublicKey key) {
        EcdsaVerifier v;
        try {
            v = EcdsaVerifier.fromPublicKey(key);
        } catch (InvalidKeyException e) {
            return false;
        }
        return verify(sigAlgOid, tbs, signature, v);
    }

    /** {@link #verify(String, byte[], byte[], PublicKey)} with the issuer's key already decoded (and checked). */
    static boolean verify(String sigAlgOid, byte[] tbs, byte[] signature, EcdsaVerifier v) {
        BigInteger[] rs;
        try {
            // Re-encodes what it decoded and rejects any difference (BER forms, trailing bytes).
            rs = StandardDSAEncoding.INSTANCE.decode(v.curve().order(), signature);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        byte[] digest = EcdsaVerifier.newDigest(digestName(sigAlgOid)).digest(tbs);
        return v.verifyDigest(digest, rs[0], rs[1]);
    }

    private static String digestName(String oid) {
        if (oid == null) {
            return null;
        }
        switch (oid) {
            case ECDSA_SHA256:
                return "SHA-256";
            case ECDSA_SHA384:
                return "SHA-384";
            case ECDSA_SHA512:
                return "SHA-512";
            default:
                return null;
        }
    }
}
