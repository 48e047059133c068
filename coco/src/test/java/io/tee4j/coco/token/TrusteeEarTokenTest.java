package io.tee4j.coco.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.VerificationFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every token case of kbs/expected.json "tokens" (trustee-style EAR), at its pinned time. */
class TrusteeEarTokenTest {
    static final long PINNED = 1780000000L;

    static TokenVerifier at(long seconds) throws MalformedEvidenceException {
        TokenKeys keys = TokenKeys.ofTrustRootPem(Vectors.bytes("trustee-style/trust-root.pem"));
        return TokenVerifier.builder(keys).clock(Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC))
                .issuer("CoCo-Attestation-Service").build();
    }

    static String token(String name) {
        return Vectors.text("trustee-style/" + name);
    }

    @Test
    void validTokenAcceptedAtPinnedTimeWithTheRcarTeeKey() throws Exception {
        VerifiedToken t = at(PINNED).verify(token("ear-valid.jwt"));
        assertEquals("ES256", t.alg());
        assertEquals(TokenVerifier.TRUSTEE_PROFILE, t.profile().orElseThrow());
        assertEquals(Map.of("cpu0", "affirming"), t.submodStatuses());
        assertTrue(t.keySource().contains("x5c"), t.keySource());
        Map<String, Object> teeKey = t.teePubkey().orElseThrow();
        assertEquals("1m8gQwfXbT25FHSBlPlhbutReHSf8yEZcL1lNAzHLH8", teeKey.get("x"));
    }

    @Test
    void validTokenAcceptedUpToExpPlusLeewayAndRejectedFrom361SecondsOn() throws Exception {
        at(PINNED + 360).verify(token("ear-valid.jwt"));
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> at(PINNED + 361).verify(token("ear-valid.jwt")));
        assertEquals("exp", e.ruleIds().get(0));
    }

    @Test
    void malleatedTwinVerifiesAndHasTheSameSignedContentIdentity() throws Exception {
        VerifiedToken original = at(PINNED).verify(token("ear-valid.jwt"));
        VerifiedToken twin = at(PINNED).verify(token("ear-valid-malleated-s.jwt"));
        assertNotEquals(token("ear-valid.jwt"), token("ear-valid-malleated-s.jwt"));
        assertEquals(original.signedContentDigest(), twin.signedContentDigest());
    }

    @Test
    void untrustedHeaderJwkRejected() {
        VerificationFailedException e = reject("neg-ear-untrusted-header-jwk.jwt", VerificationFailedException.class);
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void headerJwkWithoutX5cRejected() {
        VerificationFailedException e = reject("neg-ear-header-jwk-no-x5c.jwt", VerificationFailedException.class);
        assertTrue(e.getMessage().contains("no x5c"), e.getMessage());
    }

    @Test
    void headerJwkNotMatchingX5cLeafRejected() {
        VerificationFailedException e = reject("neg-ear-jwk-x5c-mismatch.jwt", VerificationFailedException.class);
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
        assertTrue(e.getMessage().contains("jwk does not match"), e.getMessage());
    }

    @Test
    void swappedPayloadRejected() {
        VerificationFailedException e = reject("neg-ear-payload-swapped.jwt", VerificationFailedException.class);
        assertEquals(VerificationFailedException.Reason.SIGNATURE, e.reason());
    }

    @Test
    void algNoneRejected() {
        VerificationFailedException e = reject("neg-ear-alg-none.jwt", VerificationFailedException.class);
        assertTrue(e.getMessage().contains("alg none"), e.getMessage());
    }

    @Test
    void flippedSignatureRejected() {
        VerificationFailedException e = reject("neg-ear-sig-flipped.jwt", VerificationFailedException.class);
        assertEquals(VerificationFailedException.Reason.SIGNATURE, e.reason());
    }

    @Test
    void headerKeyNeverTrustedWithoutAConfiguredRoot() throws Exception {
        TokenKeys none = TokenKeys.ofJwks(Vectors.bytes("veraison/veraison-ear-verification-key.jwk"));
        TokenVerifier v = TokenVerifier.builder(none)
                .clock(Clock.fixed(Instant.ofEpochSecond(PINNED), ZoneOffset.UTC)).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(token("ear-valid.jwt")));
        assertTrue(e.getMessage().contains("never trusted by itself"), e.getMessage());
    }

    @Test
    void wrongIssuerIsAPolicyViolation() throws Exception {
        TokenKeys keys = TokenKeys.ofTrustRootPem(Vectors.bytes("trustee-style/trust-root.pem"));
        TokenVerifier v = TokenVerifier.builder(keys).issuer("someone-else")
                .clock(Clock.fixed(Instant.ofEpochSecond(PINNED), ZoneOffset.UTC)).build();
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> v.verify(token("ear-valid.jwt")));
        assertEquals("iss", e.ruleIds().get(0));
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
    }

    @Test
    void nonceAskedOfATrusteeEarWithoutEatNonceIsRefused() {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> at(PINNED).verify(token("ear-valid.jwt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals("eat_nonce", e.ruleIds().get(0));
    }

    @Test
    void garbageIsMalformed() {
        for (String bad : new String[] {"", "a.b", "a.b.c.d.e", "!!.e30.", "e30.e30.AA==", "eyJhbGciOiJFUzI1NiJ9.W10.AA"}) {
            assertThrows(MalformedEvidenceException.class, () -> at(PINNED).verify(bad), bad);
        }
    }

    private static <T extends AttestationException> T reject(String name, Class<T> type) {
        return assertThrows(type, () -> at(PINNED).verify(token(name)));
    }
}
