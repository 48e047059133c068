package io.tee4j.coco.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/**
 * Signs attestation results (EAR claims JSON) as JWTs, the way trustee's Attestation Service and
 * Veraison do: JWS compact, ES256 on P-256 (ES384 on P-384), header {@code typ: JWT} and a
 * {@code kid} that is the key's RFC 7638 thumbprint, so a relying party selects the key from the
 * JWK Set ({@link #jwksJson()}, served at {@code /.well-known/jwks.json}). The payload is the given
 * JSON bytes as they are. Thread-safe.
 *
 * <p>What a signature means: this signer's holder says these claims. It does not make the claims
 * true; the relying party trusts the key (its JWK Set or a root), as for any EAR.
 */
public final class EarSigner {
    private final ECKey publicJwk;
    private final ECDSASigner signer;
    private final JWSAlgorithm alg;

    private EarSigner(ECPublicKey publicKey, ECPrivateKey privateKey) throws JOSEException {
        Curve curve = Curve.forECParameterSpec(publicKey.getParams());
        if (Curve.P_256.equals(curve)) {
            alg = JWSAlgorithm.ES256;
        } else if (Curve.P_384.equals(curve)) {
            alg = JWSAlgorithm.ES384;
        } else {
            throw new JOSEException("EAR signing key must be on P-256 (ES256) or P-384 (ES384), not " + curve);
        }
        ECKey jwk = new ECKey.Builder(curve, publicKey).algorithm(alg).keyUse(KeyUse.SIGNATURE).build();
        this.publicJwk = new ECKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
        this.signer = new ECDSASigner(privateKey);
    }

    /** A signer over a key pair read by {@link SigningKeys}. */
    public static EarSigner of(SigningKeys.KeyPair keys) throws java.security.GeneralSecurityException {
        Objects.requireNonNull(keys, "keys");
        try {
            return new EarSigner(keys.publicKey(), keys.privateKey());
        } catch (JOSEException e) {
            throw new java.security.InvalidKeyException(e.getMessage(), e);
        }
    }

    /** The JWS algorithm this signer uses. */
    public String alg() {
        return alg.getName();
    }

    /** The key id ({@code kid}): the RFC 7638 SHA-256 thumbprint of the public key. */
    public String keyId() {
        return publicJwk.getKeyID();
    }

    /** Signs {@code claimsJson} (one JSON object) and returns the compact JWS. */
    public String sign(byte[] claimsJson) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(keyId()).build(),
                new Payload(claimsJson));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("ECDSA signing with a checked key cannot fail", e);
        }
        return jws.serialize();
    }

    /** The public key as a JWK Set JSON document ({@code {"keys":[...]}}). */
    public String jwksJson() {
        return "{\"keys\":[" + publicJwk.toPublicJWK().toJSONString() + "]}";
    }
}
