package io.tee4j.cca;

import static io.tee4j.cca.Vectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.SecurityLifecycle;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.verify.CcaAttestationResult;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CcaVerifierTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);

    static CcaVerifier verifier(String anchors) throws CcaConfigurationException {
        return CcaVerifier.builder(CcaTrustAnchors.parse(load(anchors))).clock(CLOCK).build();
    }

    static Evidence evidence(String token) {
        return Evidence.of(TeeType.CCA, load(token));
    }

    @ParameterizedTest
    @CsvSource({
        "tfrmm-cca-token-tag399.cbor, rust-ccatoken-ta-tfa.json",
        "tfrmm-cca-token-tag907-cmw.cbor, rust-ccatoken-ta-tfa.json",
        "tfrmm-cca-token-tag399.cbor, trustee-tastore.json",
        "tfrmm-cca-token-tag399.cbor, roots/tfrmm-cpak-p384.pub.pem",
        "tfrmm-cca-token-tag907-cmw.cbor, rust-ccatoken-cpak.json",
        "rust-ccatoken-cca-token-draft-ffm-00.cbor, rust-ccatoken-ta-tfa.json",
        "veraison-synthetic-tag907-ffm00.cbor, roots/veraison-test-iak-p256.pub.pem",
        "veraison-synthetic-tag399-ffm00.cbor, rust-ccatoken-ta-02-ok.json",
        "rust-ccatoken-cca-token-02.cbor, rust-ccatoken-ta-02-ok.json",
        "rust-ccatoken-cca-token-02.cbor, roots/veraison-test-iak-p256.pub.pem",
    })
    void sharedTokensVerifyWithTheirAnchor(String token, String anchors) throws Exception {
        CcaAttestationResult r = verifier(anchors).verify(evidence(token), CcaPolicy.defaults());
        assertEquals(TeeType.CCA, r.tee());
        assertEquals(CLOCK.instant(), r.verifiedAt());
        assertTrue(r.explicitTrustAnchors());
        assertEquals(TcbStatus.NOT_EVALUATED, r.commonClaims().tcbStatus());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("freshness")));
        assertEquals(anchors.endsWith(".pem") || anchors.endsWith("cpak.json"),
                r.warnings().stream().anyMatch(w -> w.contains("any platform identity")));
        assertEquals(5, r.commonClaims().measurements().size());
    }

    @Test
    void token02FailsThePlatformSignatureWithTheBadAnchor() throws Exception {
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier("rust-ccatoken-ta-02-bad.json").verify(evidence(Vectors.TOKEN_02), CcaPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains("CPAK"), e.getMessage());
    }

    @Test
    void bug33PassesBothSignaturesAndFailsTheBinding() throws Exception {
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier("rust-ccatoken-ta-tfa.json").verify(evidence(Vectors.BUG_33), CcaPolicy.defaults()));
        // Signatures are checked before the binding, so reaching BINDING means both held.
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
        assertTrue(e.getMessage().contains("RAK"), e.getMessage());
    }

    @Test
    void unknownPlatformHasNoAnchor() throws Exception {
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier("rust-ccatoken-ta-02-ok.json").verify(evidence(Vectors.TFRMM_399), CcaPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void wrongKeyForAnyPlatformFailsTheSignature() throws Exception {
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier("roots/veraison-test-iak-p256.pub.pem").verify(evidence(Vectors.TFRMM_399),
                        CcaPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.SIGNATURE, e.reason());
    }

    @Test
    void expectedChallengeIsChecked() throws Exception {
        CcaVerifier v = verifier("rust-ccatoken-ta-tfa.json");
        CcaAttestationResult ok = v.verify(evidence(Vectors.TFRMM_399),
                CcaPolicy.builder().expectedChallenge(Vectors.repeat(0xab, 64)).build());
        assertFalse(ok.warnings().stream().anyMatch(w -> w.contains("freshness")));
        byte[] wrong = Vectors.repeat(0xab, 64);
        wrong[63] ^= 1;
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(evidence(Vectors.TFRMM_399), CcaPolicy.builder().expectedChallenge(wrong).build()));
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
        // A shorter nonce is zero-padded, so 63 bytes of 0xab do not match 64.
        assertThrows(VerificationFailedException.class, () -> v.verify(evidence(Vectors.TFRMM_399),
                CcaPolicy.builder().expectedChallenge(Vectors.repeat(0xab, 63)).build()));
    }

    @Test
    void lifecycleOutsideThePolicyIsRejected() throws Exception {
        CcaVerifier v = verifier("rust-ccatoken-ta-tfa.json");
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> v.verify(
                evidence(Vectors.TFRMM_399),
                CcaPolicy.builder().allowLifecycleStates(SecurityLifecycle.State.NON_CCA_PLATFORM_ROT_DEBUG).build()));
        assertTrue(e.violations().get(0).contains("lifecycle"), e.getMessage());
        // The violation names the policy key it breaks, not just a sentence.
        assertEquals(List.of("allowedLifecycleStates"), e.ruleIds());
    }

    @Test
    void rakCacheSettingsAreBoundedAndDoNotChangeResults() throws Exception {
        CcaTrustAnchors anchors = CcaTrustAnchors.parse(load("rust-ccatoken-ta-tfa.json"));
        assertThrows(IllegalArgumentException.class, () -> CcaVerifier.builder(anchors).rakCacheSize(-1));
        for (int size : new int[] {0, 1, 256}) {
            CcaVerifier v = CcaVerifier.builder(anchors).rakCacheSize(size).build();
            for (int i = 0; i < 2; i++) {
                v.verify(evidence(Vectors.TFRMM_399), CcaPolicy.defaults());
                v.verify(evidence(Vectors.FFM00), CcaPolicy.defaults());
                assertThrows(VerificationFailedException.class, () -> v.verify(evidence(Vectors.BUG_33),
                        CcaPolicy.defaults()));
            }
        }
    }

    @Test
    void wrongEvidenceTypeIsMalformed() throws Exception {
        assertThrows(MalformedEvidenceException.class, () -> verifier("rust-ccatoken-ta-tfa.json")
                .verify(Evidence.of(TeeType.TDX, load(Vectors.TFRMM_399)), CcaPolicy.defaults()));
    }

    /**
     * One seeded random bit of every byte (signed payloads, protected headers, signatures and the
     * unsigned envelope alike) is flipped; each flip must fail with a typed error.
     */
    @ParameterizedTest
    @CsvSource({
        "tfrmm-cca-token-tag399.cbor, rust-ccatoken-ta-tfa.json",
        "veraison-synthetic-tag399-ffm00.cbor, rust-ccatoken-ta-02-ok.json",
        "veraison-synthetic-tag907-ffm00.cbor, rust-ccatoken-ta-02-ok.json",
    })
    void randomBitPerByteFails(String token, String anchors) throws Exception {
        flipAndExpectFailure(token, anchors, 20261127L);
    }

    /**
     * Every bit of everything the two signatures of the real TF-RMM token cover (both protected
     * headers and both payloads), flipped one at a time inside the token, fails verification.
     */
    @Test
    void everyBitOfTheSignedBytesOfTheTfrmmTokenMatters() throws Exception {
        CcaVerifier v = verifier("rust-ccatoken-ta-tfa.json");
        byte[] good = load(Vectors.TFRMM_399);
        CcaToken t = CcaToken.decode(good);
        int checked = 0;
        for (byte[] signed : new byte[][] {t.platformMessage().protectedHeader(), t.platformMessage().payload(),
                t.realmMessage().protectedHeader(), t.realmMessage().payload()}) {
            int at = indexOf(good, signed);
            for (int i = at; i < at + signed.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = good.clone();
                    bad[i] ^= (byte) (1 << bit);
                    try {
                        v.verify(Evidence.of(TeeType.CCA, bad), CcaPolicy.defaults());
                        fail("flipping bit " + bit + " of byte " + i + " was accepted");
                    } catch (AttestationException expected) {
                        checked++;
                    }
                }
            }
        }
        assertEquals(8 * (4 + 550 + 4 + 438), checked);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("signed bytes not found in the token");
    }

    private static void flipAndExpectFailure(String token, String anchors, long seed) throws Exception {
        CcaVerifier v = verifier(anchors);
        byte[] good = load(token);
        v.verify(Evidence.of(TeeType.CCA, good), CcaPolicy.defaults());
        Random rnd = new Random(seed);
        for (int i = 0; i < good.length; i++) {
            int b = rnd.nextInt(8);
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << b);
            try {
                v.verify(Evidence.of(TeeType.CCA, bad), CcaPolicy.defaults());
                fail("flipping bit " + b + " of byte " + i + " of " + token + " was accepted (seed " + seed + ")");
            } catch (AttestationException expected) {
                // any typed failure
            } catch (RuntimeException e) {
                throw new AssertionError("flipping bit " + b + " of byte " + i + " of " + token
                        + " threw an unchecked exception (seed " + seed + ")", e);
            }
        }
    }
}
