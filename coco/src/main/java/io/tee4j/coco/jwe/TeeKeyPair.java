package io.tee4j.coco.jwe;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The TEE's ephemeral key pair for one KBS session: its public half goes into {@code tee-pubkey}
 * (and so into the evidence's report data), its private half decrypts the resource responses. A new
 * pair is made per session; the private key never leaves this object except to the decryptor.
 *
 * <p>Nothing about the key is attested here: the binding to the TEE comes from the digest of the
 * runtime data that contains {@link #publicJwk()}.
 */
public final class TeeKeyPair {
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();

    private final TeeKeyAlgorithm algorithm;
    private final KeyPair keyPair;

    private TeeKeyPair(TeeKeyAlgorithm algorithm, KeyPair keyPair) {
        this.algorithm = algorithm;
        this.keyPair = keyPair;
    }

    /** Generates a fresh pair for {@code algorithm} (RSA keys are 3072 bits). */
    public static TeeKeyPair generate(TeeKeyAlgorithm algorithm) {
        try {
            KeyPairGenerator g;
            if (algorithm.isEc()) {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(algorithm.jcaCurve()));
            } else {
                g = KeyPairGenerator.getInstance("RSA");
                g.initialize(3072);
            }
            return new TeeKeyPair(algorithm, g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + algorithm.configName() + " key", e);
        }
    }

    /** Wraps an existing pair (tests, vectors); the pair must fit {@code algorithm}. */
    public static TeeKeyPair of(TeeKeyAlgorithm algorithm, KeyPair keyPair) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyPair, "keyPair");
        boolean ec = keyPair.getPublic() instanceof ECPublicKey;
        if (ec != algorithm.isEc()) {
            throw new IllegalArgumentException("key pair does not fit " + algorithm.configName());
        }
        return new TeeKeyPair(algorithm, keyPair);
    }

    /** The algorithm the public key advertises. */
    public TeeKeyAlgorithm algorithm() {
        return algorithm;
    }

    /** The public key. */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /**
     * The {@code tee-pubkey} JWK as guest-components sends it: EC {@code kty, crv, alg, x, y} with
     * fixed-length coordinates, RSA {@code kty, alg, n, e}; unpadded base64url.
     */
    public Map<String, Object> publicJwk() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (keyPair.getPublic() instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put("crv", algorithm.jwkCurve());
            jwk.put("alg", algorithm.jweAlg());
            jwk.put("x", B64U.encodeToString(fixed(ec.getW().getAffineX(), size)));
            jwk.put("y", B64U.encodeToString(fixed(ec.getW().getAffineY(), size)));
        } else {
            RSAPublicKey rsa = (RSAPublicKey) keyPair.getPublic();
            jwk.put("kty", "RSA");
            jwk.put("alg", algorithm.jweAlg());
            jwk.put("n", B64U.encodeToString(unsigned(rsa.getModulus())));
            jwk.put("e", B64U.encodeToString(unsigned(rsa.getPublicExponent())));
        }
        return jwk;
    }

    static byte[] fixed(BigInteger v, int size) {
        byte[] raw = unsigned(v);
        if (raw.length > size) {
            throw new IllegalArgumentException("coordinate longer than the field");
        }
        byte[] out = new byte[size];
        System.arraycopy(raw, 0, out, size - raw.length, raw.length);
        return out;
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            byte[] t = new byte[b.length - 1];
            System.arraycopy(b, 1, t, 0, t.length);
            return t;
        }
        return b;
    }

    @Override
    public String toString() {
        return "TeeKeyPair[" + algorithm.configName() + "]";
    }
}
