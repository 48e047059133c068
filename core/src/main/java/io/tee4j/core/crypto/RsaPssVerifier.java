package io.tee4j.core.crypto;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Objects;

/**
 * RSASSA-PSS verification with fixed parameters, through the JDK's own provider (no provider is
 * registered). AMD signs its ARK, ASK, ASVK, VCEK and VLEK certificates and CRLs with RSA-4096,
 * SHA-384, MGF1-SHA-384 and a 48-byte salt: {@link #sha384Salt48(PublicKey)}.
 *
 * <p>Security guarantees: the hash, MGF hash, salt length and trailer field are fixed by the
 * verifier, never taken from the signature; the key must be RSA with a modulus of at least
 * {@value #MIN_MODULUS_BITS} bits; any malformed signature (wrong length, out of range, bad
 * encoding) is a {@code false} result, never an exception.
 *
 * @since 0.1
 */
public final class RsaPssVerifier {
    /** Smallest modulus accepted, in bits. Every attestation PKI uses 3072 or 4096. */
    public static final int MIN_MODULUS_BITS = 2048;

    private final RSAPublicKey key;
    private final PSSParameterSpec params;

    private RsaPssVerifier(RSAPublicKey key, PSSParameterSpec params) {
        this.key = key;
        this.params = params;
    }

    /** RSA-PSS with SHA-384, MGF1-SHA-384, salt 48 (AMD's parameters). */
    public static RsaPssVerifier sha384Salt48(PublicKey key) throws InvalidKeyException {
        return of(key, "SHA-384", 48);
    }

    /** RSA-PSS with the given hash for both the message and MGF1, and the given salt length. */
    public static RsaPssVerifier of(PublicKey key, String hash, int saltLength) throws InvalidKeyException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
        if (!(key instanceof RSAPublicKey)) {
            throw new InvalidKeyException("not an RSA public key: " + key.getAlgorithm());
        }
        int bits = ((RSAPublicKey) key).getModulus().bitLength();
        if (bits < MIN_MODULUS_BITS) {
            throw new InvalidKeyException("RSA key of " + bits + " bits is below the minimum of " + MIN_MODULUS_BITS);
        }
        if (saltLength < 0) {
            throw new IllegalArgumentException("negative salt length");
        }
        return new RsaPssVerifier((RSAPublicKey) key,
                new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
    }

    /** Whether {@code signature} is a valid signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(params);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A provider may report a malformed signature as an unchecked exception; it is still
            // just a signature that does not verify.
            return false;
        }
    }

    /** The key's modulus size in bits. */
    public int modulusBits() {
        return key.getModulus().bitLength();
    }
}
