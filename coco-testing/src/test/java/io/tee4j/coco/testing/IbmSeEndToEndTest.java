package io.tee4j.coco.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.kbs.KbsException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.simulator.SimulatedIbmPki;
import io.tee4j.se.simulator.UltravisorSimulator;
import io.tee4j.se.verify.HkdVerifier;
import io.tee4j.se.verify.SeTrustAnchors;
import io.tee4j.se.verify.VerifiedHkd;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An IBM SE guest against the fake KBS as trustee runs SE: the challenge nonce is the KBS's
 * SeAttestationRequest, the client injects the SHA-512 runtime-data digest, the simulated Ultravisor
 * attests with it as user data, and the KBS decrypts its own key and nonce and recomputes the HMAC.
 */
class IbmSeEndToEndTest {
    private static final byte[] SECRET = "se pod".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.now();
    private static SimulatedIbmPki pki;
    private static List<VerifiedHkd> hkds;
    private static final HeaderTags TAGS = tags();

    private static HeaderTags tags() {
        try {
            return HeaderTags.of(new byte[HeaderTags.SIZE]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void hosts() throws Exception {
        pki = SimulatedIbmPki.create(NOW, new SecureRandom());
        hkds = HkdVerifier.of(SeTrustAnchors.explicit(List.of(pki.root())), pki.certificates(), pki.crls(),
                Clock.fixed(NOW, ZoneOffset.UTC)).verify(List.of(pki.hkd()));
    }

    private static FakeKbs kbs() throws Exception {
        return FakeKbs.builder(new SeAppraiser(hkds, TAGS, SnpPod.appraiser())).resource("r/t/s", SECRET).start();
    }

    @Test
    void anSeGuestGetsItsSecretThroughTheKbsChallenge() throws Exception {
        UltravisorSimulator uv = new UltravisorSimulator(pki.hostKey(), TAGS, new byte[16]);
        try (FakeKbs kbs = kbs(); SecretBytes s = KbsClient.builder(kbs.uri(), SePod.attester(uv, UnaryOperator.identity()))
                .build().getResource("r", "t", "s")) {
            assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE));
        }
    }

    @Test
    void userDataOtherThanTheDigestIsRefused() throws Exception {
        UltravisorSimulator uv = new UltravisorSimulator(pki.hostKey(), TAGS, new byte[16]);
        try (FakeKbs kbs = kbs()) {
            KbsException e = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    SePod.attester(uv, d -> new byte[64])).build().getResource("r", "t", "s"));
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
            assertTrue(e.getMessage().contains("USER_DATA"), e.getMessage());
        }
    }

    @Test
    void aGuestOfAnotherHostCannotAnswer() throws Exception {
        SimulatedIbmPki other = SimulatedIbmPki.create(NOW, new SecureRandom());
        UltravisorSimulator uv = new UltravisorSimulator(other.hostKey(), TAGS, new byte[16]);
        try (FakeKbs kbs = kbs()) {
            // The Ultravisor finds no keyslot for its host key: the call fails in the guest, before any evidence is sent.
            assertThrows(io.tee4j.se.client.UvCallException.class, () -> KbsClient.builder(kbs.uri(),
                    SePod.attester(uv, UnaryOperator.identity()))
                    .build().getResource("r", "t", "s"));
        }
    }

    @Test
    void anSeSessionAtAKbsWithoutAnSeVerifierIsRefused() throws Exception {
        UltravisorSimulator uv = new UltravisorSimulator(pki.hostKey(), TAGS, new byte[16]);
        try (FakeKbs kbs = FakeKbs.builder(SnpPod.appraiser()).resource("r/t/s", SECRET).start()) {
            KbsException e = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(),
                    SePod.attester(uv, UnaryOperator.identity())).build().getResource("r", "t", "s"));
            assertTrue(e.getMessage().contains("no IBM SE verifier"), e.getMessage());
        }
    }
    @Test
    void aResponseWithAnotherCuidFailsTheMeasurement() throws Exception {
        UltravisorSimulator uv = new UltravisorSimulator(pki.hostKey(), TAGS, new byte[16]);
        io.tee4j.core.Attester honest = SePod.attester(uv, UnaryOperator.identity());
        io.tee4j.core.Attester lying = new io.tee4j.core.Attester() {
            @Override
            public io.tee4j.core.TeeType type() {
                return honest.type();
            }

            @Override
            public io.tee4j.core.Evidence attest(byte[] input) throws io.tee4j.core.AttestationException {
                String json = new String(honest.attest(input).raw(), StandardCharsets.UTF_8)
                        .replace("\"cuid\":\"AAAAAAAAAAAAAAAAAAAAAA==\"", "\"cuid\":\"AQEBAQEBAQEBAQEBAQEBAQ==\"");
                return io.tee4j.core.Evidence.of(io.tee4j.core.TeeType.IBM_SE, json.getBytes(StandardCharsets.UTF_8));
            }
        };
        try (FakeKbs kbs = kbs()) {
            KbsException e = assertThrows(KbsException.class, () -> KbsClient.builder(kbs.uri(), lying).build()
                    .getResource("r", "t", "s"));
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
            assertTrue(e.getMessage().contains("SE measurement verification failed"), e.getMessage());
        }
    }

    @Test
    void otherTeesKeepTheirInitDataCheckBehindTheSeVerifier() throws Exception {
        byte[] hostData = io.tee4j.coco.kbs.InitData.toml(TOML).digest();
        try (FakeKbs kbs = kbs()) {
            KbsClient.builder(kbs.uri(), SnpPod.withHostData(java.util.Arrays.copyOf(hostData, 32)))
                    .initData(io.tee4j.coco.kbs.InitData.toml(TOML)).build().attest();
        }
    }

    private static final String TOML = "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n";
}
