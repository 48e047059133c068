package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import io.tee4j.nvgpu.validate.MeasurementResult;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NvGpuVerifierTest {

    static Evidence evidence(byte[] report, List<X509Certificate> chain) {
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, report);
        chain.forEach(c -> b.addCertificate(Vectors.der(c)));
        return b.build();
    }

    static NvGpuVerifier.Builder offline() {
        return NvGpuVerifier.builder().clock(Vectors.CLOCK).revocationMode(RevocationMode.SKIP_INSECURE);
    }

    static final NvGpuPolicy UNAPPRAISED = NvGpuPolicy.builder().expectedNonce(Vectors.REPORT_NONCE)
            .allowUnappraisedMeasurements(true).build();

    @Test
    void realReportAndChainVerify() throws Exception {
        NvGpuAttestationResult r = offline().build().verify(evidence(Vectors.report(), Vectors.chain()), UNAPPRAISED);
        assertEquals(MeasurementResult.NOT_APPRAISED, r.measurementResult());
        assertEquals("GH100 A01 GSP BROM", r.hardwareModel());
        assertEquals(5, r.deviceChain().size());
        assertTrue(r.nonceChecked());
        assertFalse(r.verification().revocationChecked());
        assertEquals("unknown", r.debugStatus());
        assertTrue(r.commonClaims().debug());
        assertEquals(TcbStatus.NOT_EVALUATED, r.commonClaims().tcbStatus());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("revocation NOT checked")));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("measurements NOT appraised")));
        assertEquals("550.90.07", r.claims().get("x-nvidia-gpu-driver-version"));
        assertEquals("96.00.9F.00.01", r.claims().get("x-nvidia-gpu-vbios-version"));
        assertEquals(Boolean.TRUE, r.claims().get("x-nvidia-gpu-attestation-report-signature-verified"));
        assertEquals("not-appraised", r.claims().get("measres"));
        assertEquals("478176379286082186618948445787393647364802107249", r.claims().get("ueid"));
        assertEquals(64, r.commonClaims().measurements().size());
    }

    @Test
    void trailingZeroByteStillVerifies() throws Exception {
        byte[] raw = Arrays.copyOf(Vectors.report(), 4118);
        NvGpuAttestationResult r = offline().build().verify(evidence(raw, Vectors.chain()), UNAPPRAISED);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("zero byte")));
    }

    @Test
    void defaultPolicyRefusesUnappraisedMeasurements() {
        RimNotFoundException e = assertThrows(RimNotFoundException.class, () -> offline().build()
                .verify(evidence(Vectors.report(), Vectors.chain()), NvGpuPolicy.defaults()));
        assertEquals("NV_GPU_DRIVER_GH100_550.90.07", e.rimId());
        assertFalse(e.isRetryable());
    }

    @Test
    void vbiosRimIdIsNvidias() throws Exception {
        assertEquals("NV_GPU_VBIOS_1010_0200_882_96009F0001",
                RimIds.vbios(SpdmMeasurementReport.parse(Vectors.report())).orElseThrow());
    }

    @Test
    void nonceMismatchFails() {
        byte[] other = Vectors.REPORT_NONCE.clone();
        other[0] ^= 1;
        NvGpuPolicy p = NvGpuPolicy.builder().expectedNonce(other).allowUnappraisedMeasurements(true).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> offline().build().verify(evidence(Vectors.report(), Vectors.chain()), p));
        assertEquals(Reason.BINDING, e.reason());
        Evidence withNonce = evidence(Vectors.report(), Vectors.chain()).toBuilder().nonce(other).build();
        VerificationFailedException e2 = assertThrows(VerificationFailedException.class,
                () -> offline().build().verify(withNonce, UNAPPRAISED));
        assertEquals(Reason.BINDING, e2.reason());
    }

    @Test
    void missingNonceWarnsOrFailsWhenRequired() throws Exception {
        NvGpuPolicy lax = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build();
        NvGpuAttestationResult r = offline().build().verify(evidence(Vectors.report(), Vectors.chain()), lax);
        assertFalse(r.nonceChecked());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("nonce NOT checked")));
        NvGpuPolicy strict = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).requireNonce(true).build();
        assertThrows(io.tee4j.core.PolicyViolationException.class,
                () -> offline().build().verify(evidence(Vectors.report(), Vectors.chain()), strict));
    }

    @Test
    void trusteeCase2RootOnly() {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> offline().build()
                .verify(evidence(Vectors.report(), Vectors.certs("trustee-hopper_cert_chain_case2.pem")), UNAPPRAISED));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("5 certificates in all"), e.getMessage());
    }

    @Test
    void trusteeCase3MissingIntermediate() {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> offline().build()
                .verify(evidence(Vectors.report(), Vectors.certs("trustee-hopper_cert_chain_case3.pem")), UNAPPRAISED));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void trusteeCase4MissingLeaf() {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> offline().build()
                .verify(evidence(Vectors.report(), Vectors.certs("trustee-hopper_cert_chain_case4.pem")), UNAPPRAISED));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        assertTrue(e.getMessage().contains("FWID"), e.getMessage());
    }

    @Test
    void noChainIsMissingCollateral() {
        assertThrows(CollateralUnavailableException.class, () -> offline().build()
                .verify(evidence(Vectors.report(), List.of()), UNAPPRAISED));
    }

    @Test
    void trusteeSigningCertFwid() throws Exception {
        X509Certificate leaf = Vectors.certs("trustee-hopper_signing_cert.pem").get(0);
        assertEquals(Vectors.FWID, java.util.HexFormat.of().formatHex(
                io.tee4j.nvgpu.abi.DiceFwid.read(leaf).orElseThrow()));
    }

    @Test
    void everySignedBitFlipFails() throws Exception {
        byte[] raw = Vectors.report();
        NvGpuVerifier v = offline().build();
        int signed = SpdmMeasurementReport.parse(raw).signedLength();
        NvGpuPolicy lax = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build();
        List<X509Certificate> chain = Vectors.chain();
        int accepted = 0;
        for (int i = 0; i < raw.length; i++) {
            // every byte once (rotating the bit), the signature bytes at every bit
            for (int bit = i % 8; bit < 8; bit += (i < signed ? 8 : 1)) {
                byte[] m = raw.clone();
                m[i] ^= (byte) (1 << bit);
                try {
                    v.verify(evidence(m, chain), lax);
                    accepted++;
                } catch (MalformedEvidenceException | VerificationFailedException expected) {
                    // fine
                } catch (AttestationException other) {
                    throw new AssertionError("byte " + i + " bit " + bit + ": " + other, other);
                }
            }
        }
        assertEquals(0, accepted);
    }

    @Test
    void revocationRequiredWithoutSourceIsUnavailable() {
        NvGpuVerifier v = NvGpuVerifier.builder().clock(Vectors.CLOCK).build();
        assertThrows(RevocationUnavailableException.class,
                () -> v.verify(evidence(Vectors.report(), Vectors.chain()), UNAPPRAISED));
    }

    @Test
    void wrongTeeIsMalformed() {
        Evidence e = Evidence.of(TeeType.SEV_SNP, Vectors.report());
        assertInstanceOf(MalformedEvidenceException.class,
                assertThrows(AttestationException.class, () -> offline().build().verify(e, UNAPPRAISED)));
    }

    @Test
    void secondVerificationReusesTheChain() throws Exception {
        NvGpuVerifier v = offline().build();
        Evidence e = evidence(Vectors.report(), Vectors.chain());
        NvGpuAttestationResult a = v.verify(e, UNAPPRAISED);
        NvGpuAttestationResult b = v.verify(e, UNAPPRAISED);
        assertTrue(a.deviceChain().get(0) == b.deviceChain().get(0));
    }
}
