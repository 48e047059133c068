package io.tee4j.nvgpu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 items 2, 3 and 10 with the simulator: who may sign an OCSP answer (RFC 6960 §4.2.2.2),
 * where requests go (never a certificate's AIA address), and which certificates are asked about
 * (from the BROM up, as nvtrust).
 */
class OcspRulesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
    static final NvGpuSimulator SIM = NvGpuSimulator.builder().clock(CLOCK).build();

    static byte[] nonce() {
        byte[] n = new byte[32];
        new SecureRandom().nextBytes(n);
        return n;
    }

    /** OCSP answered by the simulator in the given shape, RIMs from the simulator's service. */
    private static CollateralSource shaped(OcspAnswer answer) {
        CollateralSource rims = SIM.collateralSource();
        return request -> request.kind() == CollateralKind.OCSP_RESPONSE
                ? new FetchedCollateral(SIM.ocspResponse(request.postBody().orElseThrow(), answer), Map.of(),
                        request.uri().toString(), CLOCK.instant(), null, false)
                : rims.fetch(request);
    }

    private static NvGpuAttestationResult verify(NvGpuVerifier v) throws Exception {
        byte[] nonce = nonce();
        return v.verify(SIM.evidence(nonce), NvGpuPolicy.builder().expectedNonce(nonce).build());
    }

    @Test
    void keysUnderATrustedRootButNotTheIssuersAreRefused() {
        // Before: a responder whose chain reached either root was accepted (the RIM signer, the FMC leaf)
        for (OcspAnswer.Signer signer : List.of(OcspAnswer.Signer.RIM_SIGNER, OcspAnswer.Signer.DEVICE_LEAF,
                OcspAnswer.Signer.DELEGATED_WITHOUT_OCSP_SIGNING, OcspAnswer.Signer.STRANGER_WITH_CERTIFICATE)) {
            NvGpuVerifier v = SIM.verifier().collateralSource(shaped(OcspAnswer.standard().withSigner(signer))).build();
            VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verify(v),
                    signer.name());
            assertEquals(Reason.COLLATERAL, e.reason(), signer.name());
        }
    }

    @Test
    void aResponderTheIssuerDelegatedIsAccepted() throws Exception {
        NvGpuVerifier v = SIM.verifier().collateralSource(shaped(OcspAnswer.standard()
                .withSigner(OcspAnswer.Signer.DELEGATED))).build();
        assertTrue(verify(v).verification().revocationChecked());
    }

    @Test
    void requestsGoToTheConfiguredResponderNeverToACertificatesAddress() throws Exception {
        List<URI> asked = new CopyOnWriteArrayList<>();
        CollateralSource sim = SIM.collateralSource();
        CollateralSource recording = request -> {
            if (request.kind() == CollateralKind.OCSP_RESPONSE) {
                asked.add(request.uri());
            }
            return sim.fetch(request);
        };
        // the simulated certificates name https://ocsp.simulated.tee4j.invalid/ in their AIA
        NvGpuVerifier defaults = NvGpuVerifier.builder().clock(CLOCK).deviceTrustAnchors(SIM.deviceTrustAnchors())
                .rimTrustAnchors(SIM.rimTrustAnchors()).rimService(SIM.rimService()).collateralSource(recording).build();
        verify(defaults);
        assertFalse(asked.isEmpty());
        assertTrue(asked.stream().allMatch(u -> u.equals(URI.create("https://ocsp.ndis.nvidia.com/"))), asked.toString());
        asked.clear();
        URI mine = URI.create("https://ocsp.internal.example/");
        verify(NvGpuVerifier.builder().clock(CLOCK).deviceTrustAnchors(SIM.deviceTrustAnchors())
                .rimTrustAnchors(SIM.rimTrustAnchors()).rimService(SIM.rimService()).collateralSource(recording)
                .ocspResponder(mine).build());
        assertTrue(asked.stream().allMatch(mine::equals), asked.toString());
    }

    @Test
    void theFmcLeafIsNotAskedAboutItsIssuersAre() throws Exception {
        List<BigInteger> serials = new CopyOnWriteArrayList<>();
        CollateralSource sim = SIM.collateralSource();
        NvGpuVerifier v = SIM.verifier().collateralSource(request -> {
            if (request.kind() == CollateralKind.OCSP_RESPONSE) {
                try {
                    serials.add(new OCSPReq(request.postBody().orElseThrow()).getRequestList()[0].getCertID()
                            .getSerialNumber());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sim.fetch(request);
        }).build();
        verify(v);
        assertFalse(serials.contains(SIM.deviceChain().get(0).getSerialNumber()), "the FMC leaf was asked about");
        for (int i = 1; i < 4; i++) {
            assertTrue(serials.contains(SIM.deviceChain().get(i).getSerialNumber()), "device certificate " + i);
        }
        assertTrue(serials.contains(SIM.rimSigningChain().get(0).getSerialNumber()), "the RIM signer");
        // three device certificates, and signer + CA for each of the two RIMs
        assertEquals(7, serials.size());
    }

    @Test
    void aRevokedFmcLeafIsNotSeenAsNvtrustDoesNotAsk() throws Exception {
        NvGpuSimulator sim = NvGpuSimulator.builder().clock(CLOCK).build();
        sim.revoke(sim.deviceChain().get(0));
        byte[] nonce = nonce();
        assertTrue(sim.verifier().build().verify(sim.evidence(nonce), NvGpuPolicy.builder().expectedNonce(nonce)
                .build()).verification().revocationChecked());
    }
}
