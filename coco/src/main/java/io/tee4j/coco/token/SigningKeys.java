package io.tee4j.coco.token;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * Reads an EC signing key for {@link EarSigner}: a PKCS#8 PEM ({@code BEGIN PRIVATE KEY}, what
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes) or a private JWK
 * (with {@code d}). The public key of a PKCS#8 key is recomputed with JDK crypto alone: ECDH of the
 * private key with the curve generator gives the x coordinate of the public point, the curve
 * equation gives y up to sign, and a test signature picks the sign.
 */
public final class SigningKeys {
    /** A private key with its public key. */
    public record KeyPair(ECPublicKey publicKey, ECPrivateKey privateKey) {
    }

    private SigningKeys() {
    }

    /** Reads a PKCS#8 PEM or a private JWK. */
    public static KeyPair read(byte[] content) throws GeneralSecurityException {
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (text.startsWith("{")) {
            try {
                JWK jwk = JWK.parse(text);
                if (!(jwk instanceof ECKey) || !jwk.isPrivate()) {
                    throw new InvalidKeySpecException("the JWK is not a private EC key (kty EC with d)");
                }
                return new KeyPair(((ECKey) jwk).toECPublicKey(), ((ECKey) jwk).toECPrivateKey());
            } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
                throw new InvalidKeySpecException("not a usable JWK: " + e.getMessage(), e);
            }
        }
        if (text.contains("BEGIN EC PRIVATE KEY")) {
            throw new InvalidKeySpecException("a SEC1 EC key: convert it to PKCS#8 with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem'");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new InvalidKeySpecException("not a PKCS#8 PEM private key or a private JWK");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("PEM body is not base64", e);
        }
        ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(der));
        return new KeyPair(publicKeyOf(privateKey), privateKey);
    }

    static ECPublicKey publicKeyOf(ECPrivateKey privateKey) throws GeneralSecurityException {
        ECParameterSpec params = privateKey.getParams();
        KeyFactory kf = KeyFactory.getInstance("EC");
        ECPublicKey generator = (ECPublicKey) kf.generatePublic(new ECPublicKeySpec(params.getGenerator(), params));
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(privateKey);
        ka.doPhase(generator, true);
        BigInteger x = new BigInteger(1, ka.generateSecret());
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger ySquared = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        // P-256, P-384 and P-521 have p = 3 (mod 4), so a square root is a single exponentiation.
        BigInteger y = ySquared.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        if (!y.multiply(y).mod(p).equals(ySquared)) {
            throw new InvalidKeySpecException("the private key does not give a point on its curve");
        }
        byte[] probe = "tee4j public key probe".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(privateKey);
        s.update(probe);
        byte[] sig = s.sign();
        for (BigInteger candidate : new BigInteger[] {y, p.subtract(y)}) {
            ECPublicKey pub = (ECPublicKey) kf.generatePublic(new ECPublicKeySpec(new ECPoint(x, candidate), params));
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(pub);
            v.update(probe);
            if (v.verify(sig)) {
                return pub;
            }
        }
        throw new InvalidKeySpecException("no public key verifies the private key's signature");
    }
}
