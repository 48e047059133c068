package io.tee4j.snp.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.snp.abi.AmdKdsExtensions;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpVerifier;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulatorTest {
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Map<ProductLine, SimulatedAmdChain> CHAINS = new ConcurrentHashMap<>();

    static SimulatedAmdChain chain(ProductLine p) {
        return CHAINS.computeIfAbsent(p, SimulatedAmdChain::generate);
    }

    static SnpVerifier.Builder verifier(SimulatedAmdChain c) {
        return SnpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).roots(c.roots());
    }

    static X509CRL freshCrl(SimulatedAmdChain c) {
        return c.crl(NOW.minusSeconds(86400), NOW.plusSeconds(6 * 86400));
    }

    @ParameterizedTest
    @EnumSource(ProductLine.class)
    void simulatedReportsVerifyWithExplicitRootsAndCrl(ProductLine p) throws Exception {
        SimulatedAmdChain c = chain(p);
        SnpVerifier v = verifier(c).addCrl(freshCrl(c)).build();
        for (int version : new int[] {3, 5}) {
            SimulatedSnpSigner s = SimulatedSnpSigner.vcek(c);
            SnpAttestationResult r = v.verify(s.report().version(version).reportData(new byte[] {1, 2, 3}).evidence(),
                    SnpPolicy.defaults());
            assertEquals(p, r.productLine());
            assertTrue(r.explicitTrustAnchors());
            assertTrue(r.verification().revocationChecked());
            assertEquals(p.tcbLayout(), r.report().reportedTcb().layout());
        }
        SnpAttestationResult vlek = v.verify(SimulatedSnpSigner.vlek(c).report().evidence(), SnpPolicy.defaults());
        assertEquals(SigningKey.VLEK, vlek.signingKey());
    }

    @Test
    void simulatorRootsAreNeverTrustedByDefault() {
        SimulatedAmdChain c = chain(ProductLine.MILAN);
        SnpVerifier bundled = SnpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .revocationMode(RevocationMode.SKIP_INSECURE).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> bundled.verify(SimulatedSnpSigner.vcek(c).report().evidence(), SnpPolicy.defaults()));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void turinVcekHasAmdExtensions() throws Exception {
        SimulatedAmdChain c = chain(ProductLine.TURIN);
        AmdKdsExtensions x = AmdKdsExtensions.parse(c.vcek());
        assertEquals(8, x.hwid().orElseThrow().length);
        assertEquals(1, x.structVersion().getAsInt());
        assertEquals(c.tcb(), x.tcb(TcbLayout.TURIN));
        assertTrue(AmdKdsExtensions.parse(c.vlek()).cspId().isPresent());
    }

    @Test
    void revokedAskIsRejected() {
        SimulatedAmdChain c = chain(ProductLine.GENOA);
        X509CRL revoking = c.crl(NOW.minusSeconds(86400), NOW.plusSeconds(86400), c.ask().getSerialNumber());
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verifier(c).addCrl(revoking)
                .build().verify(SimulatedSnpSigner.vcek(c).report().evidence(), SnpPolicy.defaults()));
        assertEquals(Reason.REVOKED, e.reason());
        // The ASVK is not on it: VLEK reports still pass.
        assertTrue(assertDoesNotThrow(() -> verifier(c).addCrl(revoking).build()
                .verify(SimulatedSnpSigner.vlek(c).report().evidence(), SnpPolicy.defaults())).verification().revocationChecked());
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }

    @Test
    void staleCrlIsNeverTrusted() {
        SimulatedAmdChain c = chain(ProductLine.GENOA);
        X509CRL stale = c.crl(NOW.minusSeconds(10 * 86400), NOW.minusSeconds(86400));
        assertThrows(RevocationUnavailableException.class, () -> verifier(c).addCrl(stale).build()
                .verify(SimulatedSnpSigner.vcek(c).report().evidence(), SnpPolicy.defaults()));
        X509CRL noNext = c.crl(NOW.minusSeconds(86400), null);
        assertThrows(RevocationUnavailableException.class, () -> verifier(c).addCrl(noNext).build()
                .verify(SimulatedSnpSigner.vcek(c).report().evidence(), SnpPolicy.defaults()));
    }

    @Test
    void crlFromAnotherArkFails() {
        SimulatedAmdChain c = chain(ProductLine.GENOA);
        SimulatedAmdChain other = SimulatedAmdChain.generate(ProductLine.GENOA);
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verifier(c)
                .addCrl(freshCrl(other)).build().verify(SimulatedSnpSigner.vcek(c).report().evidence(),
                        SnpPolicy.defaults()));
        assertEquals(Reason.COLLATERAL, e.reason());
    }

    @Test
    void certificateTableCarriesChainAndCrl() throws Exception {
        SimulatedAmdChain c = chain(ProductLine.MILAN);
        SimulatedSnpSigner s = SimulatedSnpSigner.vcek(c);
        List<CertificateTable.Entry> entries = new ArrayList<>(s.certificateTable().entries());
        entries.add(new CertificateTable.Entry(CertificateTable.CRL, freshCrl(c).getEncoded()));
        byte[] table = CertificateTable.of(entries).toBytes();
        Evidence e = Evidence.builder(TeeType.SEV_SNP, s.report().sign()).auxBlob(table).build();
        // Explicit roots with only the ARK: the ASK comes from the table.
        SnpVerifier v = SnpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .roots(io.tee4j.snp.verify.SnpTrustAnchors.explicit(List.of(c.ark()))).build();
        assertTrue(v.verify(e, SnpPolicy.defaults()).verification().revocationChecked());
    }

    @Test
    void version2VlekWithMaskedChipIdTakesTheProductFromTheCertificate() throws Exception {
        SimulatedAmdChain c = chain(ProductLine.TURIN);
        byte[] report = SimulatedSnpSigner.vlek(c).report().version(2).sign();
        assertThrows(io.tee4j.core.MalformedEvidenceException.class, () -> AttestationReport.parse(report));
        SnpAttestationResult r = verifier(c).addCrl(freshCrl(c)).build()
                .verify(SimulatedSnpSigner.vlek(c).evidence(report), SnpPolicy.defaults());
        assertEquals(ProductLine.TURIN, r.productLine());
        assertEquals(TcbLayout.TURIN, r.report().tcbLayout());
    }

    /**
     * A validly signed report whose REPORTED_TCB or CHIP_ID is not the VCEK's names another
     * certificate, which is missing (go-sev-guest would fetch it by chip and TCB); the VCEK at hand
     * is never used for it.
     */
    @Test
    void reportedTcbAndChipIdSelectTheCertificate() {
        SimulatedAmdChain c = chain(ProductLine.MILAN);
        SimulatedSnpSigner s = SimulatedSnpSigner.vcek(c);
        byte[] tcb = s.report().unsigned();
        tcb[0x180] += 1;
        assertThrows(CollateralUnavailableException.class,
                () -> verifier(c).addCrl(freshCrl(c)).build().verify(s.evidence(s.sign(tcb)), SnpPolicy.defaults()));
        byte[] chip = s.report().unsigned();
        chip[0x1A0] ^= 1;
        assertThrows(CollateralUnavailableException.class,
                () -> verifier(c).addCrl(freshCrl(c)).build().verify(s.evidence(s.sign(chip)), SnpPolicy.defaults()));
    }

    /** The right chip and TCB under the wrong product line's CPUID: a product binding failure. */
    @Test
    void cpuidOfAnotherProductLineIsABindingFailure() {
        SimulatedAmdChain c = chain(ProductLine.GENOA);
        SimulatedSnpSigner s = SimulatedSnpSigner.vcek(c);
        byte[] milanCpuid = s.report().version(3).unsigned();
        milanCpuid[0x189] = 0x01; // family 0x19 model 0x01: Milan
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verifier(c)
                .addCrl(freshCrl(c)).build().verify(s.evidence(s.sign(milanCpuid)), SnpPolicy.defaults()));
        assertEquals(Reason.BINDING, e.reason());
    }

    @Test
    void policyViolationsOnSimulatedDebugGuest() {
        SimulatedAmdChain c = chain(ProductLine.GENOA);
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verifier(c)
                .addCrl(freshCrl(c)).build().verify(SimulatedSnpSigner.vcek(c).report().policy(1L << 19 | 1L << 18)
                        .evidence(), SnpPolicy.defaults()));
        assertEquals(2, e.violations().size());
    }
}
