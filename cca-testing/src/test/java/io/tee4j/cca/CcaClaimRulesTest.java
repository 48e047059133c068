package io.tee4j.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.abi.CcaProfile;
import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.CoseAlgorithm;
import io.tee4j.cca.abi.RealmClaims;
import io.tee4j.cca.abi.RealmPublicKey;
import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.cca.simulator.TokenSpec;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.verify.CcaAttestationResult;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.EcCurve;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 28, items 3, 4, 5 and 7: the claim rules that follow the pair of profiles, the RAK's
 * encoding and alg, and the strings a token may carry. Every token is minted by the simulator
 * with valid signatures and binding, so each refusal is about the one shape under test, and is
 * malformed evidence (exit 6), never a failed check.
 */
class CcaClaimRulesTest {
    private static final CcaSimulator SIM = CcaSimulator.create();
    private static final CcaVerifier VERIFIER = CcaVerifier.builder(SIM.trustAnchors()).clock(CcaVerifierTest.CLOCK)
            .build();

    private static byte[] mint(UnaryOperator<TokenSpec.Builder> shape) {
        return SIM.token(shape.apply(TokenSpec.builder()).build());
    }

    private static CcaAttestationResult verify(byte[] token) throws Exception {
        return VERIFIER.verify(Evidence.of(TeeType.CCA, token), CcaPolicy.defaults());
    }

    /** Refused as malformed by the verifier (and so by the decoder), with the message naming the rule. */
    private static void malformed(byte[] token, String messagePart) {
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> verify(token));
        assertEquals(FailureClass.MALFORMED_EVIDENCE, e.failureClass());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    // ---- item 3: the realm's rules follow the pair of profiles ----

    @Test
    void a2024PlatformsRealmWithoutProfileRawRakAndNo2024ClaimsIsRefused() {
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2024).omitRealmProfile()
                .rakEncoding(RealmPublicKey.Encoding.SEC1_POINT).realm2024Claims(false)),
                "realm instance id (256) (the platform's profile is the 2024 one) is missing");
        // With both 2024 claims but a raw RAK: the RAK must be a COSE_Key.
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2024).omitRealmProfile()
                .rakEncoding(RealmPublicKey.Encoding.SEC1_POINT)), "must carry the RAK as a COSE_Key map");
        // Without the MEC policy only.
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2024).omitRealmProfile().realm2024Claims(false)),
                "is missing");
    }

    @Test
    void aConformant2024RealmWithoutItsOptionalProfileVerifies() throws Exception {
        CcaAttestationResult r = verify(mint(b -> b.profile(CcaProfile.PLATFORM_2024).omitRealmProfile()));
        RealmClaims realm = r.token().realmClaims();
        assertTrue(realm.profile().isEmpty());
        assertEquals(3, realm.profileGeneration());
        assertEquals(RealmPublicKey.Encoding.COSE_KEY, realm.publicKey().encoding());
        assertEquals(33, realm.instanceId().orElseThrow().length);
        assertTrue(realm.mecPolicy().isPresent());
    }

    @Test
    void a2023RealmWithoutProfileFollowsThe2023Rules() throws Exception {
        RealmClaims realm = verify(mint(b -> b.profile(CcaProfile.PLATFORM_2023).omitRealmProfile()))
                .token().realmClaims();
        assertEquals(2, realm.profileGeneration());
        assertEquals(RealmPublicKey.Encoding.COSE_KEY, realm.publicKey().encoding());
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2023).omitRealmProfile()
                .rakEncoding(RealmPublicKey.Encoding.SEC1_POINT)), "COSE_Key");
    }

    @ParameterizedTest
    @CsvSource({
        "PLATFORM_CCA_SSD_1_0, REALM_2024",
        "PLATFORM_CCA_SSD_1_0, REALM_2023",
        "PLATFORM_2024, REALM_2023",
        "PLATFORM_2023, REALM_2024",
    })
    void realmAndPlatformProfilesOfDifferentGenerationsAreRefused(CcaProfile platform, CcaProfile realm) {
        malformed(mint(b -> b.profile(platform).realmProfile(realm)), "does not belong with platform profile");
    }

    @Test
    void aPlatformWithoutProfileIsRefused() {
        malformed(mint(TokenSpec.Builder::omitPlatformProfile), "mandatory claim profile (265) is missing");
    }

    @Test
    void claimsOfALaterProfileAreSkippedInAnEarlierOne() throws Exception {
        // 44243 (MEC policy) means nothing to a 2023 realm: skipped like any unknown claim, its value unread.
        CcaAttestationResult r = verify(mint(b -> b.profile(CcaProfile.PLATFORM_2023).realmExtraClaim(44243, 7L)));
        assertTrue(r.token().realmClaims().mecPolicy().isEmpty());
        assertEquals(java.util.List.of(44243L), r.token().realmClaims().unknownClaimKeys());
        // In a 2024 realm the same claim is read and its value checked.
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2024).realm2024Claims(false).realmExtraClaim(256,
                SIM.instanceId()).realmExtraClaim(44243, 7L)), "MEC policy (44243) must be 0 (shared) or 1");
    }

    // ---- item 4: RAK encoding and alg ----

    @Test
    void aLegacyRealmWithA65ByteP256RawRakIsRefused() {
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_CCA_SSD_1_0).rakCurve(EcCurve.P256)),
                "found 65 bytes");
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_CCA_SSD_1_0).rakCurve(EcCurve.P521)),
                "found 133 bytes");
    }

    @Test
    void aLegacyRealmWithA97ByteP384RawRakVerifies() throws Exception {
        RealmPublicKey rak = verify(mint(b -> b.profile(CcaProfile.PLATFORM_CCA_SSD_1_0))).token().realmClaims()
                .publicKey();
        assertEquals(RealmPublicKey.Encoding.SEC1_POINT, rak.encoding());
        assertEquals(97, rak.encoded().length);
    }

    @ParameterizedTest
    @CsvSource({"-7, ES256 (-7)", "-8, EdDSA (-8)", "-36, ES512 (-36)", "1, 1"})
    void aCoseKeyRakWhoseAlgContradictsItsCurveIsRefused(long alg, String named) {
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2023).rakCoseAlgorithm(alg)),
                "alg (3) " + named + " contradicts the key's curve secp384r1");
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2024).rakCoseAlgorithm(alg)), "contradicts");
    }

    @Test
    void aCoseKeyRakWithTheAlgOfItsCurveVerifies() throws Exception {
        verify(mint(b -> b.profile(CcaProfile.PLATFORM_2024).rakCoseAlgorithm(CoseAlgorithm.ES384.id())));
        // A P-256 COSE_Key RAK with ES256 (both references accept it; the realm signs with ES256).
        CcaAttestationResult r = verify(mint(b -> b.profile(CcaProfile.PLATFORM_2023).rakCurve(EcCurve.P256)
                .rakCoseAlgorithm(CoseAlgorithm.ES256.id())));
        assertEquals(CoseAlgorithm.ES256, r.token().realmAlgorithm());
    }

    @Test
    void aCoseKeyRakWhoseAlgContradictsTheRealmSignatureIsRefused() {
        // A P-256 RAK (the realm signs with ES256) whose COSE_Key names ES384: the alg contradicts both the key's
        // curve and the realm token's algorithm.
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2024).rakCurve(EcCurve.P256)
                .rakCoseAlgorithm(CoseAlgorithm.ES384.id())), "alg (3) ES384 (-35) contradicts the key's curve");
    }

    // ---- item 5: strings ----

    @ParameterizedTest
    @ValueSource(strings = {"", "no-such-hash", "md5", "sha-384", "SHA-256", "sha256"})
    void aPlatformHashAlgorithmOutsideTheAllowListIsRefused(String alg) {
        malformed(mint(b -> b.platformHashAlgorithm(alg)), "hash algorithm (2402) must be \"sha-256\" or \"sha-512\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha-1", "sha-384", "md5"})
    void aRealmHashAlgorithmOutsideTheAllowListIsRefused(String alg) {
        malformed(mint(b -> b.hashAlgorithm(alg)), "hash algorithm (44236) must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"crc32", "", "sha-384"})
    void aComponentHashAlgorithmOutsideTheAllowListIsRefused(String alg) {
        malformed(mint(b -> b.componentHashAlgorithm(alg)), "software component 0 key 6 (hash algorithm) must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-384", "", "SHA-256"})
    void aRakHashAlgorithmOutsideTheAllowListIsRefused(String alg) {
        // Each binds correctly here (the simulator hashes with it, or with SHA-256): only the name is refused.
        malformed(mint(b -> b.rakHashAlgorithm(alg)), "public key hash algorithm (44240) must be");
    }

    @Test
    void anUnknownRakHashAlgorithmIsMalformedNotAFailedBinding() {
        // Item 7: this exited 2 (binding could not be checked); an unknown name is malformed input.
        malformed(mint(b -> b.rakHashAlgorithm("sha3-256")), "public key hash algorithm (44240) must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256", "sha-512"})
    void theAllowedHashAlgorithmsVerifyEverywhere(String alg) throws Exception {
        CcaAttestationResult r = verify(mint(b -> b.platformHashAlgorithm(alg).hashAlgorithm(alg)
                .componentHashAlgorithm(alg).rakHashAlgorithm(alg)));
        assertEquals(alg, r.token().realmClaims().publicKeyHashAlgorithm());
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 9, 0, -1})
    void anUnknownKeyInASoftwareComponentIsRefused(long key) {
        malformed(mint(b -> b.componentExtraClaim(key, "x")), "software component 0: unknown key " + key);
    }

    @Test
    void the2024ComponentKeysAreRefusedInOlderProfiles() throws Exception {
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_2023).componentExtraClaim(7, true)), "unknown key 7");
        malformed(mint(b -> b.profile(CcaProfile.PLATFORM_CCA_SSD_1_0).componentExtraClaim(7, true)),
                "unknown key 7");
        CcaAttestationResult r = verify(mint(b -> b.profile(CcaProfile.PLATFORM_2024).componentExtraClaim(7, true)));
        assertEquals(Boolean.TRUE, r.token().platformClaims().softwareComponents().get(0).liveFirmwareActivation()
                .orElseThrow());
    }

    @Test
    void anEmptyVerificationServiceIndicatorIsRefused() throws Exception {
        malformed(mint(b -> b.verificationService("")), "verification service indicator (2400) must not be empty");
        // Absent is fine: the claim is optional.
        assertTrue(verify(mint(b -> b.verificationService(null))).token().platformClaims().verificationService()
                .isEmpty());
    }

    @Test
    void theRealVectorsKeepDecoding() throws Exception {
        for (String name : Vectors.ALL_TOKENS) {
            CcaToken.decode(Vectors.load(name));
        }
    }
}
