package io.tee4j.coco.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.VerificationFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Veraison EAR (configured key, no exp) and trustee's legacy RS384 token. */
class OtherTokensTest {
    static final long VERAISON_IAT = 1706023979L;
    static final String VERAISON_NONCE = "FeiBL0Ys0yvXiBbAFMs1OHDXXtw08RGq_SESJdSaXPsKk2A8_AruL45Z8QqukT8o";

    static TokenVerifier veraisonAt(long seconds) throws Exception {
        TokenKeys keys = TokenKeys.ofJwks(Vectors.bytes("veraison/veraison-ear-verification-key.jwk"));
        return TokenVerifier.builder(keys).clock(Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC)).build();
    }

    @Test
    void veraisonEarVerifiesWithItsConfiguredKeyAndNonce() throws Exception {
        byte[] nonce = Base64.getUrlDecoder().decode(VERAISON_NONCE);
        VerifiedToken t = veraisonAt(VERAISON_IAT + 10).verify(Vectors.text("veraison/veraison-ear-psa.jwt"), nonce);
        assertEquals(Map.of("PSA_IOT", "affirming"), t.submodStatuses());
        assertEquals(TokenVerifier.VERAISON_PROFILE, t.profile().orElseThrow());
    }

    @Test
    void veraisonEarWithoutExpIsRefusedPastTheMaximumAge() throws Exception {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> veraisonAt(VERAISON_IAT + 300 + 61).verify(Vectors.text("veraison/veraison-ear-psa.jwt")));
        assertEquals("iat", e.ruleIds().get(0));
    }

    @Test
    void veraisonEarWithAnotherNonceIsRefused() {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> veraisonAt(VERAISON_IAT).verify(Vectors.text("veraison/veraison-ear-psa.jwt"), new byte[48]));
        assertEquals("eat_nonce", e.ruleIds().get(0));
    }

    @Test
    void veraisonWellKnownDocumentIsAKeySource() throws Exception {
        String jwk = Vectors.text("veraison/veraison-ear-verification-key.jwk");
        TokenKeys keys = TokenKeys.ofJwks(("{\"media-types\":[],\"ear-verification-key\":" + jwk + "}").getBytes());
        TokenVerifier.builder(keys).clock(Clock.fixed(Instant.ofEpochSecond(VERAISON_IAT), ZoneOffset.UTC)).build()
                .verify(Vectors.text("veraison/veraison-ear-psa.jwt"));
    }

    @Test
    void legacyTokenIsNeverVerifiedWithTheKeyInItsOwnPayload() throws Exception {
        TokenKeys roots = TokenKeys.ofTrustRootPem(Vectors.bytes("trustee-style/trust-root.pem"));
        TokenVerifier v = TokenVerifier.builder(roots)
                .clock(Clock.fixed(Instant.ofEpochSecond(1701672700L), ZoneOffset.UTC)).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(Vectors.text("trustee-legacy/coco-as-simple-token-rs384.jwt")));
        assertTrue(e.getMessage().contains("no key is configured"), e.getMessage());
    }

    @Test
    void legacyTokenIsExpiredEvenWhenItsKeyIsConfigured() throws Exception {
        String token = Vectors.text("trustee-legacy/coco-as-simple-token-rs384.jwt");
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        String jwk = payload.substring(payload.indexOf("\"jwk\":") + 6, payload.indexOf('}', payload.indexOf("\"jwk\":")) + 1);
        TokenVerifier v = TokenVerifier.builder(TokenKeys.ofJwks(jwk.getBytes())).build();
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> v.verify(token));
        assertEquals("exp", e.ruleIds().get(0));
        // Inside its validity window the signature and times pass; it is still no EAR.
        TokenVerifier then = TokenVerifier.builder(TokenKeys.ofJwks(jwk.getBytes()))
                .clock(Clock.fixed(Instant.ofEpochSecond(1701672700L), ZoneOffset.UTC)).build();
        PolicyViolationException notEar = assertThrows(PolicyViolationException.class, () -> then.verify(token));
        assertEquals(java.util.List.of("eat_profile"), notEar.ruleIds());
    }
}
