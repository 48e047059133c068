package io.tee4j.tpm.verify;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.json.Json;
import io.tee4j.tpm.abi.SignatureScheme;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmtPublic;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A TPM attestation key (AK) as a verifier holds it: the public key, the signing scheme and hash
 * the key is restricted to when its TPMT_PUBLIC says so, and (for ECDSA) a prepared verifier whose
 * precomputation is reused across quotes. Built from a TPMT_PUBLIC (GCE), an RSA JWK (Azure's
 * runtime data {@code HCLAkPub}), a SubjectPublicKeyInfo (trustee's {@code ak_public}) or a JCA key.
 *
 * <p>Only keys of at least 2048 bits (RSA) or on NIST P-256/384/521 are accepted. Holding an
 * {@code AttestationKey} says nothing about whether the key belongs to a TPM: the caller binds it
 * (a hardware report's REPORT_DATA, an AK certificate chain).
 *
 * @since 0.1
 */
public final class AttestationKey {
    private static final int MIN_RSA_BITS = 2048;

    private final PublicKey publicKey;
    private final SignatureScheme scheme;
    private final TpmHash schemeHash;
    private final EcdsaVerifier ecdsa;

    private AttestationKey(PublicKey key, SignatureScheme scheme, TpmHash schemeHash) throws MalformedEvidenceException {
        this.publicKey = key;
        this.scheme = scheme;
        this.schemeHash = schemeHash;
        if (key instanceof RSAPublicKey) {
            int bits = ((RSAPublicKey) key).getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new MalformedEvidenceException("attestation key of " + bits + " RSA bits (at least " + MIN_RSA_BITS
                        + ")");
            }
            this.ecdsa = null;
        } else {
            try {
                this.ecdsa = EcdsaVerifier.fromPublicKey(key);
            } catch (InvalidKeyException e) {
                throw new MalformedEvidenceException("attestation key: " + e.getMessage());
            }
        }
    }

    /** The key of a TPMT_PUBLIC, restricted to its scheme when it names one. */
    public static AttestationKey of(TpmtPublic tpmPublic) throws MalformedEvidenceException {
        return new AttestationKey(tpmPublic.publicKey(), tpmPublic.scheme().orElse(null),
                tpmPublic.schemeHash().orElse(null));
    }

    /** A JCA public key (RSA or EC), any scheme. */
    public static AttestationKey of(PublicKey key) throws MalformedEvidenceException {
        return new AttestationKey(Objects.requireNonNull(key, "key"), null, null);
    }

    /** A DER SubjectPublicKeyInfo (RSA or EC). */
    public static AttestationKey fromSpki(byte[] der) throws MalformedEvidenceException {
        Objects.requireNonNull(der, "der");
        for (String alg : new String[] {"RSA", "EC"}) {
            try {
                return of(KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException tryNext) {
                // the other algorithm may fit
            }
        }
        throw new MalformedEvidenceException("attestation key is not an RSA or EC SubjectPublicKeyInfo");
    }

    /**
     * An RSA JWK ({@code kty} "RSA", {@code n} and {@code e} base64url, padded or not). Other
     * members ({@code kid}, {@code key_ops}) are not interpreted.
     */
    public static AttestationKey fromJwk(Map<String, Object> jwk, String path) throws MalformedEvidenceException {
        try {
            String kty = Json.string(jwk, "kty", path);
            if (!"RSA".equals(kty)) {
                throw new MalformedEvidenceException(path + ".kty is '" + kty + "', not RSA");
            }
            BigInteger n = new BigInteger(1, base64Url(Json.string(jwk, "n", path), path + ".n"));
            BigInteger e = new BigInteger(1, base64Url(Json.string(jwk, "e", path), path + ".e"));
            return of(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException(e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new MalformedEvidenceException(path + ": not a usable RSA key: " + e.getMessage());
        }
    }

    private static byte[] base64Url(String s, String path) throws MalformedEvidenceException {
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException(path + " is not base64url: " + e.getMessage());
        }
    }

    /** The public key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The scheme the key is restricted to, if known. */
    public Optional<SignatureScheme> scheme() {
        return Optional.ofNullable(scheme);
    }

    /** The hash of that scheme, if known. */
    public Optional<TpmHash> schemeHash() {
        return Optional.ofNullable(schemeHash);
    }

    /** Whether both hold the same public key (the encoded SubjectPublicKeyInfo is equal). */
    public boolean sameKey(PublicKey other) {
        return other != null && Arrays.equals(publicKey.getEncoded(), other.getEncoded());
    }

    EcdsaVerifier ecdsa() {
        return ecdsa;
    }

    @Override
    public String toString() {
        return "AttestationKey[" + publicKey.getAlgorithm() + (scheme == null ? "" : ", " + scheme + "/"
                + schemeHash.label()) + "]";
    }
}
