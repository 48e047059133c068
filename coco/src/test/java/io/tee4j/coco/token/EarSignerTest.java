package io.tee4j.coco.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyViolationException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** EAR results signed as ES256 JWTs, read back by {@link TokenVerifier} with the signer's JWK Set. */
class EarSignerTest {
    static final long IAT = 1780000000L;

    static java.security.KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static byte[] pkcs8Pem(java.security.KeyPair kp) {
        return ("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String ear(String status) {
        return "{\"eat_profile\":\"tag:github.com,2023:veraison/ear\",\"iat\":" + IAT + ",\"ear.verifier-id\":"
                + "{\"developer\":\"https://tee4j.io\",\"build\":\"test\"},\"submods\":{\"cpu0\":{" + status + "}}}";
    }

    static TokenVerifier verifierFor(EarSigner signer) throws Exception {
        return TokenVerifier.builder(TokenKeys.ofJwks(signer.jwksJson().getBytes(StandardCharsets.UTF_8)))
                .clock(Clock.fixed(Instant.ofEpochSecond(IAT + 5), ZoneOffset.UTC)).build();
    }

    @Test
    void pkcs8KeysGiveBackTheirPublicKeyWhicheverTheSignOfY() throws Exception {
        for (int i = 0; i < 16; i++) {
            java.security.KeyPair kp = p256();
            SigningKeys.KeyPair read = SigningKeys.read(pkcs8Pem(kp));
            assertArrayEquals(kp.getPublic().getEncoded(), read.publicKey().getEncoded());
        }
    }

    @Test
    void signedEarVerifiesWithTheSignersJwks() throws Exception {
        EarSigner signer = EarSigner.of(SigningKeys.read(pkcs8Pem(p256())));
        String jwt = signer.sign(ear("\"ear.status\":\"affirming\"").getBytes(StandardCharsets.UTF_8));
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"ES256\"") && header.contains("\"typ\":\"JWT\""), header);
        VerifiedToken t = verifierFor(signer).verify(jwt);
        assertEquals("configured key kid " + signer.keyId(), t.keySource());
        assertEquals("affirming", t.submodStatuses().get("cpu0"));
    }

    @Test
    void aWarningOrMissingStatusIsRefusedUnlessWarningIsAccepted() throws Exception {
        EarSigner signer = EarSigner.of(SigningKeys.read(pkcs8Pem(p256())));
        String warning = signer.sign(ear("\"ear.status\":\"warning\"").getBytes(StandardCharsets.UTF_8));
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> verifierFor(signer).verify(warning));
        assertEquals("ear.status", e.ruleIds().get(0));
        TokenVerifier lenient = TokenVerifier.builder(TokenKeys.ofJwks(signer.jwksJson().getBytes()))
                .acceptWarning(true).clock(Clock.fixed(Instant.ofEpochSecond(IAT), ZoneOffset.UTC)).build();
        lenient.verify(warning);
        // A submod without ear.status: refused (was a NullPointerException in the first cut).
        String missing = signer.sign(ear("\"ear.appraisal-policy-id\":\"p\"").getBytes(StandardCharsets.UTF_8));
        e = assertThrows(PolicyViolationException.class, () -> verifierFor(signer).verify(missing));
        assertEquals("ear.status", e.ruleIds().get(0));
    }

    @Test
    void aJwkWithDIsASigningKeyAndSec1PemIsRefusedWithTheFix() throws Exception {
        java.security.KeyPair kp = p256();
        String jwk = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (java.security.interfaces.ECPublicKey) kp.getPublic()).privateKey(kp.getPrivate()).build().toJSONString();
        EarSigner.of(SigningKeys.read(jwk.getBytes()));
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> SigningKeys.read(
                "-----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----".getBytes()));
        assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }
}
