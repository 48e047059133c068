package io.tee4j.cca.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tee4j.cca.abi.CcaProfile;
import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.CcaTokenFormat;
import io.tee4j.cca.abi.CoseAlgorithm;
import io.tee4j.cca.abi.MecPolicy;
import io.tee4j.cca.abi.RealmPublicKey;
import io.tee4j.cca.client.CcaAttester;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.verify.CcaAttestationResult;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.linux.Backoff;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.core.testing.FakeTsmTree;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CcaSimulatorTest {
    private static final CcaSimulator SIM = CcaSimulator.create();

    private static CcaVerifier verifier(CcaSimulator sim) {
        return CcaVerifier.builder(sim.trustAnchors()).build();
    }

    @ParameterizedTest
    @CsvSource({
        "LEGACY_TAG_399, PLATFORM_CCA_SSD_1_0",
        "LEGACY_TAG_399, PLATFORM_2023",
        "LEGACY_TAG_399, PLATFORM_2024",
        "CMW_COLLECTION_TAG_907, PLATFORM_CCA_SSD_1_0",
        "CMW_COLLECTION_TAG_907, PLATFORM_2023",
        "CMW_COLLECTION_TAG_907, PLATFORM_2024",
    })
    void everyFormatAndProfileRoundTrips(CcaTokenFormat format, CcaProfile profile) throws Exception {
        byte[] nonce = "a fresh nonce".getBytes(StandardCharsets.US_ASCII);
        byte[] rim = new byte[48];
        Arrays.fill(rim, (byte) 7);
        byte[] token = SIM.token(TokenSpec.builder().format(format).profile(profile).challenge(nonce)
                .initialMeasurement(rim).mecPolicy(MecPolicy.PRIVATE).build());
        CcaAttestationResult r = verifier(SIM).verify(Evidence.of(TeeType.CCA, token),
                CcaPolicy.builder().expectedChallenge(nonce).allowInitialMeasurement(rim).build());
        CcaToken t = r.token();
        assertEquals(format, t.format());
        assertEquals(profile, t.platformClaims().profile());
        assertEquals(CoseAlgorithm.ES384, t.platformAlgorithm());
        assertArrayEquals(Arrays.copyOf(nonce, 64), t.realmClaims().challenge());
        assertArrayEquals(rim, r.commonClaims().measurements().get("rim"));
        if (profile == CcaProfile.PLATFORM_CCA_SSD_1_0) {
            assertTrue(t.realmClaims().profile().isEmpty());
            assertEquals(RealmPublicKey.Encoding.SEC1_POINT, t.realmClaims().publicKey().encoding());
        } else {
            assertEquals(profile.generation(), t.realmClaims().profile().orElseThrow().generation());
            assertEquals(RealmPublicKey.Encoding.COSE_KEY, t.realmClaims().publicKey().encoding());
        }
        if (profile == CcaProfile.PLATFORM_2024) {
            assertEquals(MecPolicy.PRIVATE, t.realmClaims().mecPolicy().orElseThrow());
            assertEquals(33, t.realmClaims().instanceId().orElseThrow().length);
            assertEquals(1L, t.platformClaims().clientId().orElseThrow());
        }
    }

    @ParameterizedTest
    @CsvSource({"P256, ES256, sha-256", "P384, ES384, sha-256", "P384, ES384, sha-512", "P521, ES512, sha-512"})
    void everyPlatformAlgorithmAndRakHashVerifies(EcCurve curve, CoseAlgorithm alg, String rakHash) throws Exception {
        CcaSimulator sim = CcaSimulator.create(curve);
        byte[] token = sim.token(TokenSpec.builder().rakHashAlgorithm(rakHash).build());
        CcaAttestationResult r = verifier(sim).verify(Evidence.of(TeeType.CCA, token), CcaPolicy.defaults());
        assertEquals(alg, r.token().platformAlgorithm());
        assertEquals(rakHash, r.token().realmClaims().publicKeyHashAlgorithm());
    }

    @Test
    void theSimulatorsCpakIsTrustedOnlyWhenPassed() throws Exception {
        byte[] token = SIM.token(new byte[64]);
        CcaVerifier other = CcaVerifier.builder(CcaSimulator.create().trustAnchors()).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> other.verify(Evidence.of(TeeType.CCA, token), CcaPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
        // The same ids but another key: the signature fails.
        CcaVerifier wrongKey = CcaVerifier.builder(CcaTrustAnchors.builder().add(CcaSimulator.IMPLEMENTATION_ID,
                SIM.instanceId(), CcaSimulator.create().cpakPublicKey()).build()).build();
        e = assertThrows(VerificationFailedException.class,
                () -> wrongKey.verify(Evidence.of(TeeType.CCA, token), CcaPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.SIGNATURE, e.reason());
    }

    @Test
    void debugLifecycleIsRejectedByDefault() throws Exception {
        byte[] token = SIM.token(TokenSpec.builder().lifecycle(0x4000).build());
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> verifier(SIM).verify(Evidence.of(TeeType.CCA, token), CcaPolicy.defaults()));
        assertTrue(e.getMessage().contains("NON_CCA_PLATFORM_ROT_DEBUG"), e.getMessage());
        CcaAttestationResult r = verifier(SIM).verify(Evidence.of(TeeType.CCA, token), CcaPolicy.builder()
                .allowLifecycleStates(io.tee4j.cca.abi.SecurityLifecycle.State.SECURED,
                        io.tee4j.cca.abi.SecurityLifecycle.State.NON_CCA_PLATFORM_ROT_DEBUG).build());
        assertTrue(r.commonClaims().debug());
    }

    @Test
    void seededBitFlipsOfA2024TokenFail() throws Exception {
        CcaVerifier v = verifier(SIM);
        byte[] good = SIM.token(new byte[] {1, 2, 3});
        long seed = 907L;
        Random rnd = new Random(seed);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            int bit = rnd.nextInt(8);
            bad[i] ^= (byte) (1 << bit);
            try {
                v.verify(Evidence.of(TeeType.CCA, bad), CcaPolicy.defaults());
                fail("bit " + bit + " of byte " + i + " flipped and accepted (seed " + seed + ")");
            } catch (AttestationException expected) {
                // typed failure
            }
        }
    }

    @Test
    void attesterThroughAFakeConfigfsTsmTree() throws Exception {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_ARM_CCA_GUEST,
                in -> FakeTsmTree.Blobs.of(SIM.token(in.inblob()))).build();
        CcaAttester attester = CcaAttester.using(tree.client(Backoff.none()));
        byte[] nonce = new byte[32];
        new Random(1).nextBytes(nonce);
        Evidence ev = attester.attest(nonce);
        CcaAttestationResult r = verifier(SIM).verify(ev, CcaPolicy.builder().expectedChallenge(nonce).build());
        assertArrayEquals(Arrays.copyOf(nonce, 64), r.commonClaims().reportData());
        assertTrue(tree.liveEntries().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> attester.attest(new byte[65]));
    }

    @Test
    void attesterRefusesAnotherProvider() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_TDX_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[8])).build();
        assertThrows(io.tee4j.core.TeeUnavailableException.class,
                () -> CcaAttester.using(tree.client(Backoff.none())).attest(new byte[64]));
    }

    @Test
    void attesterRefusesAGarbledOutblob() {
        FakeTsmTree tree = FakeTsmTree.builder(TsmRequest.PROVIDER_ARM_CCA_GUEST,
                in -> FakeTsmTree.Blobs.of(new byte[] {(byte) 0xd9, 0x01, (byte) 0x8f})).build();
        assertThrows(io.tee4j.core.MalformedEvidenceException.class,
                () -> CcaAttester.using(tree.client(Backoff.none())).attest(new byte[64]));
    }

    @Test
    void simulatedAttesterIsCca() throws Exception {
        Evidence ev = SIM.attester().attest(new byte[] {9});
        assertEquals(TeeType.CCA, ev.type());
        verifier(SIM).verify(ev, CcaPolicy.builder().expectedChallenge(new byte[] {9}).build());
    }
}
