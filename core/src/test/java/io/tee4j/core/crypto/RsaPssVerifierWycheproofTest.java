package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.testing.Wycheproof;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every case of Wycheproof's RSASSA-PSS 4096-bit / SHA-384 / MGF1-SHA-384 / salt 48 file (AMD's
 * ARK, ASK and VCEK parameters) through {@link RsaPssVerifier#sha384Salt48}: each {@code valid}
 * case accepted, each {@code invalid} case rejected.
 *
 * <p><b>Acceptable cases.</b> The copied file (Wycheproof commit dac1dd47) has none. tee4j's
 * decision for any a future copy adds is rejection, for the reason Wycheproof gives the category
 * for PSS (parameters or encodings a strict verifier may refuse); the count is asserted so an
 * update forces a review.
 */
class RsaPssVerifierWycheproofTest {

    private static final int EXPECTED_ACCEPTABLE = 0;

    @Test
    void rsaPss4096Sha384Salt48() throws Exception {
        Wycheproof vectors = Wycheproof.load("/wycheproof/rsa_pss_4096_sha384_mgf1_48_test.json");
        List<Integer> acceptable = new ArrayList<>();
        vectors.runAll(c -> {
            var g = c.group();
            if (!g.get("sha").asText().equals("SHA-384") || !g.get("mgfSha").asText().equals("SHA-384")
                    || g.get("sLen").asInt() != 48 || !g.get("mgf").asText().equals("MGF1")) {
                return "unexpected group parameters";
            }
            PublicKey key = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Wycheproof.hex(g.get("publicKeyDer").asText())));
            RsaPssVerifier verifier = RsaPssVerifier.sha384Salt48(key);
            if (verifier.modulusBits() != 4096) {
                return "modulus has " + verifier.modulusBits() + " bits";
            }
            boolean ok = verifier.verify(c.hex("msg"), c.hex("sig"));
            switch (c.result()) {
                case VALID:
                    return ok ? null : "valid signature rejected";
                case INVALID:
                    return ok ? "invalid signature accepted" : null;
                default:
                    acceptable.add(c.tcId());
                    return ok ? "acceptable case accepted; tee4j rejects them" : null;
            }
        });
        assertEquals(EXPECTED_ACCEPTABLE, acceptable.size(), "acceptable cases to decide: " + acceptable);
    }

    @Test
    void wrongSaltLengthRejected() throws Exception {
        Wycheproof vectors = Wycheproof.load("/wycheproof/rsa_pss_4096_sha384_mgf1_48_test.json");
        var first = vectors.cases().get(0);
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Wycheproof.hex(first.group().get("publicKeyDer").asText())));
        // A valid salt-48 signature must not verify when the verifier expects another salt length
        // or hash: the parameters are fixed by the verifier, not taken from the signature.
        assertEquals(Wycheproof.Result.VALID, first.result());
        assertFalse(RsaPssVerifier.of(key, "SHA-384", 32).verify(first.hex("msg"), first.hex("sig")));
        assertFalse(RsaPssVerifier.of(key, "SHA-256", 48).verify(first.hex("msg"), first.hex("sig")));
    }

    @Test
    void shortKeysRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        PublicKey small = g.generateKeyPair().getPublic();
        assertThrows(InvalidKeyException.class, () -> RsaPssVerifier.sha384Salt48(small));
    }

    @Test
    void malformedSignaturesAreFalseNotExceptions() throws Exception {
        var first = Wycheproof.load("/wycheproof/rsa_pss_4096_sha384_mgf1_48_test.json").cases().get(0);
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Wycheproof.hex(first.group().get("publicKeyDer").asText())));
        RsaPssVerifier v = RsaPssVerifier.sha384Salt48(key);
        byte[] msg = first.hex("msg");
        assertFalse(v.verify(msg, new byte[0]));
        assertFalse(v.verify(msg, new byte[512]));
        byte[] ones = new byte[512];
        java.util.Arrays.fill(ones, (byte) 0xff); // larger than the modulus
        assertFalse(v.verify(msg, ones));
        assertFalse(v.verify(msg, new byte[513]));
    }

    @Test
    void nonRsaKeyRefused() throws Exception {
        PublicKey ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        assertThrows(InvalidKeyException.class, () -> RsaPssVerifier.sha384Salt48(ec));
    }
}
