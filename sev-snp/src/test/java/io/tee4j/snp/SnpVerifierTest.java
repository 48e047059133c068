package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.abi.AmdKdsExtensions;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.collateral.KdsUrls;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpTrustAnchors;
import io.tee4j.snp.verify.SnpVerifier;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnpVerifierTest {
    private static final SnpPolicy LENIENT = SnpPolicy.builder().allowDebug(true).build();

    static List<String> vectors() {
        return Vectors.names();
    }

    static SnpVerifier verifier(String name) {
        return verifier(Vectors.pinnedTime(name));
    }

    static SnpVerifier verifier(Instant at) {
        return SnpVerifier.builder().clock(Clock.fixed(at, ZoneOffset.UTC))
                .revocationMode(RevocationMode.SKIP_INSECURE).build();
    }

    static Evidence evidence(String name) {
        return Evidence.builder(TeeType.SEV_SNP, Vectors.report(name)).addCertificate(Vectors.certBytes(name)).build();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void everyVectorVerifiesAtAPinnedTime(String name) throws Exception {
        SnpAttestationResult r = verifier(name).verify(evidence(name), LENIENT);
        assertEquals(Vectors.product(name), r.productLine());
        assertEquals(3, r.chain().size());
        assertFalse(r.explicitTrustAnchors());
        assertFalse(r.verification().revocationChecked());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("revocation was NOT checked")), r.warnings().toString());
        String intermediate = Vectors.of(name).get("intermediate").asText();
        String askCn = r.chain().get(1).getSubjectX500Principal().getName();
        assertTrue(askCn.contains(intermediate.equals("asvk") ? "SEV-VLEK-" : "CN=SEV-"), askCn);
        assertEquals(r.report().measurement().length, 48);
    }

    @Test
    void hclBlobVerifiesDirectly() throws Exception {
        String name = "azure-genoa-v3-hcl";
        Evidence e = Evidence.builder(TeeType.SEV_SNP, Vectors.evidenceFile(name))
                .addCertificate(Vectors.certBytes(name)).build();
        assertEquals(ProductLine.GENOA, verifier(name).verify(e, LENIENT).productLine());
    }

    /**
     * One report per product line (and the VLEK one): a single-bit flip at every offset of the
     * signed area fails. Each offset gets two flips, bit (offset mod 8) and a seeded random bit;
     * the seed is printed on failure.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gsg-milan-v2", "oak-genoa-v5", "oak-turin-v5", "trustee-milan-v3-vlek"})
    void everySingleBitFlipInTheSignedAreaFails(String name) throws Exception {
        SnpVerifier v = verifier(name);
        v.verify(evidence(name), LENIENT); // warm the cache: flips are then caught by the report checks
        byte[] good = Vectors.report(name);
        byte[] cert = Vectors.certBytes(name);
        long seed = System.nanoTime();
        java.util.Random rnd = new java.util.Random(seed);
        List<String> accepted = new ArrayList<>();
        for (int off = 0; off < AttestationReport.SIGNED_LENGTH; off++) {
            for (int bit : new int[] {off % 8, rnd.nextInt(8)}) {
                byte[] b = good.clone();
                b[off] ^= (byte) (1 << bit);
                try {
                    v.verify(Evidence.builder(TeeType.SEV_SNP, b).addCertificate(cert).build(), LENIENT);
                    accepted.add(String.format("0x%x/%d", off, bit));
                } catch (AttestationException expected) {
                    // Malformed, signature, binding or policy: a typed failure.
                }
            }
        }
        assertTrue(accepted.isEmpty(), "seed " + seed + ": accepted after flipping " + accepted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gsg-milan-v2", "oak-genoa-v5", "oak-turin-v5"})
    void flipsOfTheSignatureFail(String name) throws Exception {
        SnpVerifier v = verifier(name);
        byte[] cert = Vectors.certBytes(name);
        for (int off = 0x2A0; off < 0x2A0 + 48; off += 7) {
            byte[] b = Vectors.report(name);
            b[off] ^= 1;
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> v.verify(Evidence.builder(TeeType.SEV_SNP, b).addCertificate(cert).build(), LENIENT));
            assertEquals(Reason.SIGNATURE, e.reason());
        }
    }

    @Test
    void measurementFlipIsASignatureFailure() {
        byte[] b = Vectors.report("oak-milan-v3");
        b[0x90] ^= 1;
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verifier("oak-milan-v3")
                .verify(Evidence.builder(TeeType.SEV_SNP, b).addCertificate(Vectors.certBytes("oak-milan-v3")).build(),
                        LENIENT));
        assertEquals(Reason.SIGNATURE, e.reason());
    }

    /**
     * Both HWID encodings parse. The certificates name chip 00..3F, so they are never selected for
     * trustee's report of another chip (missing collateral); for a report naming that chip and
     * their TCB they are selected, and their broken signature fails the chain.
     */
    @ParameterizedTest
    @ValueSource(strings = {"test-vcek-invalid-legacy.der", "test-vcek-invalid-new.der"})
    void trusteeHwidEncodingCertificatesParseButFailTheChain(String file) throws Exception {
        X509Certificate c = Certificates.parseOne(Vectors.bytes("trustee-vcek-hwid-encoding/" + file));
        byte[] hwid = AmdKdsExtensions.parse(c).hwid().orElseThrow();
        assertEquals(64, hwid.length);
        for (int i = 0; i < 64; i++) {
            assertEquals(i, hwid[i]);
        }
        Instant at = c.getNotBefore().toInstant().plusSeconds(86400);
        Evidence e = Evidence.builder(TeeType.SEV_SNP, Vectors.report("trustee-milan-v2")).addCertificate(c.getEncoded())
                .build();
        assertThrows(CollateralUnavailableException.class, () -> verifier(at).verify(e, LENIENT));
        byte[] namingTheirChip = Vectors.report("trustee-milan-v2");
        System.arraycopy(hwid, 0, namingTheirChip, 0x1A0, 64);
        io.tee4j.core.util.LittleEndian.putU64(namingTheirChip, 0x180,
                AmdKdsExtensions.parse(c).tcb(TcbLayout.MILAN_GENOA).raw());
        VerificationFailedException ex = assertThrows(VerificationFailedException.class, () -> verifier(at)
                .verify(Evidence.builder(TeeType.SEV_SNP, namingTheirChip).addCertificate(c.getEncoded()).build(),
                        LENIENT));
        assertEquals(Reason.CERTIFICATE_CHAIN, ex.reason());
    }

    @Test
    void vlekVerifiesThroughTheAsvk() throws Exception {
        SnpAttestationResult r = verifier("trustee-milan-v3-vlek").verify(evidence("trustee-milan-v3-vlek"), LENIENT);
        assertEquals(SigningKey.VLEK, r.signingKey());
        assertTrue(r.chain().get(1).getSubjectX500Principal().getName().contains("SEV-VLEK-Milan"));
        assertEquals("CN=cc-us-east-2.amazonaws.com", r.signingCertificateExtensions().cspId().orElseThrow());
        // The VLEK is valid for one year only.
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier(Instant.parse("2026-01-01T00:00:00Z")).verify(evidence("trustee-milan-v3-vlek"), LENIENT));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void claimsAreBuiltOnceAndKept() throws Exception {
        // A sidecar reply reads a result's claims once per request and a policy may read them too:
        // the tree is built on first use and the same immutable tree is answered afterwards.
        SnpAttestationResult r = verifier("trustee-milan-v3-vlek").verify(evidence("trustee-milan-v3-vlek"), LENIENT);
        Claims first = r.claims();
        assertSame(first, r.claims());
        assertEquals("VLEK", ((Claims) first.get("verification")).get("signingKey"));
        assertThrows(UnsupportedOperationException.class, () -> first.asMap().put("x", 1));
    }

    @Test
    void turinVcekHas8ByteHwidAndFmcSpl() throws Exception {
        SnpAttestationResult r = verifier("oak-turin-v5").verify(evidence("oak-turin-v5"), LENIENT);
        AmdKdsExtensions x = r.signingCertificateExtensions();
        assertEquals(8, x.hwid().orElseThrow().length);
        assertEquals(0, x.fmcSpl().getAsInt());
        assertEquals(1, x.structVersion().getAsInt());
        assertEquals("3b42092f69c656d3", r.commonClaims().platformId().orElseThrow());
        assertEquals("https://kdsintf.amd.com/vcek/v1/Turin/3b42092f69c656d3?fmcSPL=0&blSPL=1&teeSPL=0&snpSPL=2&ucodeSPL=71",
                KdsUrls.amd().vcek(ProductLine.TURIN, r.report().chipId(), r.report().reportedTcb()).toString());
    }

    @Test
    void reportedTcbMustEqualTheCertificateTcb() {
        // trustee: report byte 0x180 (reported TCB boot loader) + 1 fails the TCB check. The VCEK
        // certifies another TCB, so it is not this report's certificate: the right one is missing
        // (go-sev-guest would fetch the VCEK at the reported TCB), even from a warm verifier.
        byte[] b = Vectors.report("trustee-milan-v2");
        b[0x180] += 1;
        SnpVerifier v = verifier("trustee-milan-v2");
        assertDoesNotThrow(() -> v.verify(evidence("trustee-milan-v2"), LENIENT));
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class, () -> v
                .verify(Evidence.builder(TeeType.SEV_SNP, b).addCertificate(Vectors.certBytes("trustee-milan-v2")).build(),
                        LENIENT));
        assertTrue(e.getMessage().contains("REPORTED_TCB 0x7308000000000004"), e.getMessage());
    }

    /**
     * Another chip's VCEK, or a Genoa VCEK for a Milan report, certifies another HWID: it is not
     * this report's certificate, so the report's is missing (exit 3), not a failed signature.
     * (A certificate of the right chip and TCB but the wrong product is a binding failure; see
     * the simulator tests.)
     */
    @Test
    void wrongVcekForTheReportIsMissingCollateral() {
        Evidence e = Evidence.builder(TeeType.SEV_SNP, Vectors.report("virtee-milan-v2"))
                .addCertificate(Vectors.certBytes("gsg-milan-v2")).build();
        CollateralUnavailableException ex = assertThrows(CollateralUnavailableException.class,
                () -> verifier("virtee-milan-v2").verify(e, LENIENT));
        assertTrue(ex.getMessage().contains("VCEK of chip d49554ec717f4e5b"), ex.getMessage());
        assertTrue(ex.getMessage().contains("chip 3ac3fe21e13fb099"), ex.getMessage());
        Evidence e2 = Evidence.builder(TeeType.SEV_SNP, Vectors.report("oak-milan-v3"))
                .addCertificate(Vectors.certBytes("oak-genoa-v5")).build();
        assertThrows(CollateralUnavailableException.class, () -> verifier("oak-genoa-v5").verify(e2, LENIENT));
    }

    @Test
    void missingVcekOfflineIsCollateralUnavailable() {
        assertThrows(CollateralUnavailableException.class, () -> verifier("oak-milan-v3")
                .verify(Evidence.of(TeeType.SEV_SNP, Vectors.report("oak-milan-v3")), LENIENT));
    }

    @Test
    void revocationIsRequiredByDefault() {
        SnpVerifier v = SnpVerifier.builder()
                .clock(Clock.fixed(Vectors.pinnedTime("oak-milan-v3"), ZoneOffset.UTC)).build();
        RevocationUnavailableException e = assertThrows(RevocationUnavailableException.class,
                () -> v.verify(evidence("oak-milan-v3"), SnpPolicy.defaults()));
        assertTrue(e.getMessage().contains("kdsintf.amd.com/vcek/v1/Milan/crl"), e.getMessage());
    }

    @Test
    void gsgMilanIsRejectedForDebugByDefaultAndAcceptedWhenAllowedByName() throws Exception {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> verifier("gsg-milan-v2").verify(evidence("gsg-milan-v2"), SnpPolicy.defaults()));
        assertTrue(e.violations().get(0).contains("debug"), e.violations().toString());
        // The violation names its rule by the policy JSON key, so code can tell which rule failed.
        assertEquals("allowDebug", e.policyViolations().get(0).ruleId());
        assertTrue(e.policyViolations().stream().allMatch(PolicyViolation::isAttributed), e.toString());
        SnpAttestationResult r = verifier("gsg-milan-v2").verify(evidence("gsg-milan-v2"),
                SnpPolicy.builder().allowDebug(true).build());
        assertTrue(r.commonClaims().debug());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("debug")));
    }

    @Test
    void productionVectorsPassTheDefaultPolicy() throws Exception {
        for (String name : List.of("oak-milan-v3", "oak-genoa-v5", "oak-turin-v5", "azure-genoa-v3-hcl",
                "azure-milan-v2-hcl", "trustee-milan-v3-vlek", "virtee-milan-v2", "trustee-milan-v2")) {
            verifier(name).verify(evidence(name), SnpPolicy.defaults());
        }
    }

    @Test
    void expiredAndNotYetValidCertificatesFail() {
        Instant before = Vectors.pinnedTime("oak-milan-v3").minusSeconds(3 * 86400);
        assertThrows(VerificationFailedException.class, () -> verifier(before).verify(evidence("oak-milan-v3"), LENIENT));
        assertThrows(VerificationFailedException.class,
                () -> verifier(Instant.parse("2040-01-01T00:00:00Z")).verify(evidence("oak-milan-v3"), LENIENT));
    }

    @Test
    void warmCacheIsReusedAndStillChecksTime() throws Exception {
        Instant t = Vectors.pinnedTime("oak-genoa-v5");
        MutableClock clock = new MutableClock(t);
        SnpVerifier v = SnpVerifier.builder().clock(clock).revocationMode(RevocationMode.SKIP_INSECURE).build();
        v.verify(evidence("oak-genoa-v5"), LENIENT);
        v.verify(evidence("oak-genoa-v5"), LENIENT);
        clock.now = Instant.parse("2040-01-01T00:00:00Z");
        assertThrows(VerificationFailedException.class, () -> v.verify(evidence("oak-genoa-v5"), LENIENT));
    }

    @Test
    void wrongEvidenceTypeOrLengthIsMalformed() {
        assertThrows(MalformedEvidenceException.class,
                () -> verifier("oak-milan-v3").verify(Evidence.of(TeeType.TDX, Vectors.report("oak-milan-v3")), LENIENT));
        assertThrows(MalformedEvidenceException.class,
                () -> verifier("oak-milan-v3").verify(Evidence.of(TeeType.SEV_SNP, new byte[100]), LENIENT));
    }

    @Test
    void unsignedReportsNeverVerify() {
        byte[] b = Vectors.report("oak-milan-v3");
        b[0x48] = (byte) (7 << 2);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier("oak-milan-v3").verify(Evidence.builder(TeeType.SEV_SNP, b)
                        .addCertificate(Vectors.certBytes("oak-milan-v3")).build(), LENIENT));
        assertEquals(Reason.SIGNATURE, e.reason());
    }

    @Test
    void oneVerifierManyMilanChipsReusesTheValidatedAskAndStillChecksEachVcek() throws Exception {
        SnpVerifier v = verifier(Instant.parse("2025-06-01T00:00:00Z"));
        for (String n : List.of("gsg-milan-v2", "virtee-milan-v2", "trustee-milan-v2", "azure-milan-v2-hcl",
                "oak-milan-v3")) {
            assertEquals(ProductLine.MILAN, v.verify(evidence(n), LENIENT).productLine(), n);
        }
        // trustee's VCEK with one bit of its signature flipped: the same chip and TCB (so it is
        // selected), a new certificate (so it is not in the cache), and its chain must fail.
        byte[] forged = Vectors.certBytes("trustee-milan-v2");
        forged[forged.length - 1] ^= 1;
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> v.verify(
                Evidence.builder(TeeType.SEV_SNP, Vectors.report("trustee-milan-v2")).addCertificate(forged).build(),
                LENIENT));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void explicitRootsThatAreNotTheSignersFail() throws Exception {
        X509Certificate genoaArk = Certificates.parseOne(Vectors.bytes("roots/genoa_ark.pem"));
        SnpVerifier v = SnpVerifier.builder().clock(Clock.fixed(Vectors.pinnedTime("oak-milan-v3"), ZoneOffset.UTC))
                .revocationMode(RevocationMode.SKIP_INSECURE).roots(SnpTrustAnchors.explicit(List.of(genoaArk))).build();
        assertThrows(VerificationFailedException.class, () -> v.verify(evidence("oak-milan-v3"), LENIENT));
        X509Certificate milanArk = Certificates.parseOne(Vectors.bytes("roots/milan_ark.pem"));
        X509Certificate milanAsk = Certificates.parseOne(Vectors.bytes("roots/milan_ask.pem"));
        SnpVerifier ok = SnpVerifier.builder().clock(Clock.fixed(Vectors.pinnedTime("oak-milan-v3"), ZoneOffset.UTC))
                .revocationMode(RevocationMode.SKIP_INSECURE).roots(SnpTrustAnchors.explicit(List.of(milanArk, milanAsk))).build();
        SnpAttestationResult r = ok.verify(evidence("oak-milan-v3"), LENIENT);
        assertTrue(r.explicitTrustAnchors());
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
