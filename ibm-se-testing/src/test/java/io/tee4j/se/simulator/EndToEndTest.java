package io.tee4j.se.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.client.SeRequest;
import io.tee4j.se.client.SeRequestBuilder;
import io.tee4j.se.client.UvCallException;
import io.tee4j.se.client.UvReturnCode;
import io.tee4j.se.verify.ArcbAuthenticationException;
import io.tee4j.se.verify.HkdVerifier;
import io.tee4j.se.verify.MeasurementMismatchException;
import io.tee4j.se.verify.SeAttestationResult;
import io.tee4j.se.verify.SeTrustAnchors;
import io.tee4j.se.verify.SeVerifier;
import io.tee4j.se.verify.VerifiedHkd;
import io.tee4j.se.validate.SePolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tee4j builds a request for a verified HKD, the simulated Ultravisor answers, tee4j verifies. */
class EndToEndTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {1});
    private static SimulatedIbmPki pki;
    private static List<VerifiedHkd> hkds;
    private static HeaderTags image;
    private static final SeVerifier VERIFIER = new SeVerifier(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void pki() throws Exception {
        pki = SimulatedIbmPki.create(NOW, RANDOM);
        hkds = HkdVerifier.of(SeTrustAnchors.explicit(List.of(pki.root())), pki.certificates(), pki.crls(),
                Clock.fixed(NOW, ZoneOffset.UTC)).verify(List.of(pki.hkd()));
        byte[] tags = new byte[HeaderTags.SIZE];
        RANDOM.nextBytes(tags);
        image = HeaderTags.of(tags);
    }

    private static SeRequest request(EnumSet<AttestationFlags> flags) throws Exception {
        return SeRequestBuilder.withDefaultRandom().createRequest(hkds, flags, null);
    }

    private static byte[] attest(SeRequest r, byte[] user) throws Exception {
        return new UltravisorSimulator(pki.hostKey(), image, Arrays.copyOf(user, 16)).attest(r.exchangeRequest(), user);
    }

    @Test
    void requestAttestVerifyWithEveryFlag() throws Exception {
        SeRequest req = request(EnumSet.allOf(AttestationFlags.class));
        byte[] user = "report data".getBytes();
        byte[] resp = attest(req, user);
        SeAttestationResult r = VERIFIER.verify(resp, req.exchangeRequest(), req.arpk(), List.of(image),
                SePolicy.builder().userData(user).allowImagePhkh(hkds.get(0).phkh()).allowAttestationPhkh(hkds.get(0).phkh()).build());
        assertArrayEquals(user, r.userData());
        assertArrayEquals(hkds.get(0).phkh(), r.additional().attestationPhkh().orElseThrow());
        assertEquals(320, r.additional().firmwareState().orElseThrow().length);
        assertArrayEquals(hkds.get(0).phkh(), r.requestPhkhs().get(0));
    }

    @Test
    void oneBitFlipInAnyResponseByteIsRejected() throws Exception {
        SeRequest req = request(EnumSet.of(AttestationFlags.IMAGE_PHKH, AttestationFlags.ATTESTATION_PHKH));
        byte[] good = attest(req, new byte[64]);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            assertThrows(AttestationException.class,
                    () -> VERIFIER.verify(bad, req.exchangeRequest(), req.arpk(), List.of(image), SePolicy.builder().build()));
        }
    }

    @Test
    void wrongArpkOtherImageOtherNonceAreRejectedWithTheirClass() throws Exception {
        SeRequest req = request(EnumSet.noneOf(AttestationFlags.class));
        byte[] resp = attest(req, new byte[0]);
        SecretBytes wrong = SecretBytes.copyOf(new byte[32], SecretAccess.INSECURE);
        assertEquals(FailureClass.VERIFICATION_FAILED, assertThrows(ArcbAuthenticationException.class,
                () -> VERIFIER.verify(resp, null, wrong, List.of(image), SePolicy.builder().build())).failureClass());
        byte[] other = image.toBytes();
        other[100] ^= 1;
        assertThrows(MeasurementMismatchException.class,
                () -> VERIFIER.verify(resp, null, req.arpk(), List.of(HeaderTags.of(other)), SePolicy.builder().build()));
        assertEquals(FailureClass.POLICY_VIOLATION, assertThrows(PolicyViolationException.class,
                () -> VERIFIER.verify(resp, null, req.arpk(), List.of(image), SePolicy.builder().nonce(new byte[16]).build()))
                .failureClass());
        SeRequest second = request(EnumSet.noneOf(AttestationFlags.class));
        assertThrows(AttestationException.class,
                () -> VERIFIER.verify(resp, second.exchangeRequest(), second.arpk(), List.of(image), SePolicy.builder().build()));
    }

    @Test
    void ultravisorRefusesARequestForAnotherHost() throws Exception {
        SimulatedIbmPki otherHost = SimulatedIbmPki.create(NOW, RANDOM);
        SeRequest req = request(EnumSet.noneOf(AttestationFlags.class));
        UvCallException e = assertThrows(UvCallException.class, () -> new UltravisorSimulator(otherHost.hostKey(), image,
                new byte[16]).attest(req.exchangeRequest(), new byte[0]));
        assertEquals(UvReturnCode.CANNOT_DECRYPT, e.returnCode().orElseThrow());
        assertEquals(FailureClass.TEE_UNAVAILABLE, e.failureClass());
    }
}
