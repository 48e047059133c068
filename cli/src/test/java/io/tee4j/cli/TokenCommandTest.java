package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tee4j token verify} on the kbs token vectors (kept in the coco module's test resources),
 * with the exit class of every case.
 */
class TokenCommandTest {
    static final Path VECTORS = Paths.get(System.getProperty("user.dir")).getParent()
            .resolve("coco/src/test/resources/io/tee4j/coco/token");
    static final String PINNED = "2026-05-28T20:26:40Z";

    static String v(String name) {
        return VECTORS.resolve(name).toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"ear-valid.jwt,0", "ear-valid-malleated-s.jwt,0", "neg-ear-untrusted-header-jwk.jwt,2",
            "neg-ear-header-jwk-no-x5c.jwt,2", "neg-ear-jwk-x5c-mismatch.jwt,2", "neg-ear-payload-swapped.jwt,2",
            "neg-ear-alg-none.jwt,2", "neg-ear-sig-flipped.jwt,2"})
    void trusteeStyleCases(String file, int rc) {
        Cli.Result r = Cli.run("token", "verify", "--token", v("trustee-style/" + file),
                "--trust-root", v("trustee-style/trust-root.pem"), "--at", PINNED);
        assertEquals(rc, r.rc(), r.out() + r.err());
        if (rc == 0) {
            assertTrue(r.out().startsWith("VERIFIED token ES256"), r.out());
            assertTrue(r.out().contains("submod cpu0: affirming"), r.out());
        }
    }

    @Test
    void validTrusteeEarIsExpiredAfterExpPlusLeeway() {
        Cli.Result r = Cli.run("token", "verify", "--token", v("trustee-style/ear-valid.jwt"),
                "--trust-root", v("trustee-style/trust-root.pem"), "--at", "2026-05-28T20:32:41Z");
        assertEquals(5, r.rc(), r.err());
        assertTrue(r.err().contains("expired"), r.err());
    }

    @Test
    void legacyTokenIsRejectedWithTheTrusteeRoot() {
        Cli.Result r = Cli.run("token", "verify", "--token", v("trustee-legacy/coco-as-simple-token-rs384.jwt"),
                "--trust-root", v("trustee-style/trust-root.pem"));
        assertEquals(2, r.rc(), r.err());
    }

    @Test
    void veraisonEarWithNonceAsJson() throws Exception {
        Cli.Result r = Cli.run("token", "verify", "--token", v("veraison/veraison-ear-psa.jwt"),
                "--jwks", v("veraison/veraison-ear-verification-key.jwk"), "--at", "2024-01-23T15:33:09Z", "--nonce",
                "15e8812f462cd32bd7881b0014cb353870d75edc34f111aafd2112255a4fdbe55ad2d21d7c7c8ee2d30dc5f153d4a1d7f8e4bf8b2b4dd1fd",
                "--json");
        assertEquals(5, r.rc(), r.out() + r.err());
        JsonNode out = Json.readStrict(r.out().getBytes());
        assertEquals("POLICY_VIOLATION", out.get("failureClass").asText());
        String nonceHex = java.util.HexFormat.of().formatHex(java.util.Base64.getUrlDecoder()
                .decode("FeiBL0Ys0yvXiBbAFMs1OHDXXtw08RGq_SESJdSaXPsKk2A8_AruL45Z8QqukT8o"));
        Cli.Result ok = Cli.run("token", "verify", "--token", v("veraison/veraison-ear-psa.jwt"),
                "--jwks", v("veraison/veraison-ear-verification-key.jwk"), "--at", "2024-01-23T15:33:09Z",
                "--nonce", nonceHex, "--json");
        assertEquals(0, ok.rc(), ok.out() + ok.err());
        JsonNode json = Json.readStrict(ok.out().getBytes());
        assertTrue(json.get("verified").asBoolean());
        assertEquals("affirming", json.get("submods").get("PSA_IOT").asText());
        assertEquals(1706023979L, json.get("claims").get("iat").asLong());
    }

    @Test
    void aKeyOptionIsRequiredAndOnlyOne() {
        assertEquals(1, Cli.run("token", "verify", "--token", v("trustee-style/ear-valid.jwt")).rc());
        assertEquals(1, Cli.run("token", "verify", "--token", v("trustee-style/ear-valid.jwt"), "--jwks",
                v("veraison/veraison-ear-verification-key.jwk"), "--trust-root",
                v("trustee-style/trust-root.pem")).rc());
    }
}
