package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.TcbComponents;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 27 (hostile review of the SEV-SNP verifier against go-sev-guest), items 1, 2, 4, 5, 6 and
 * 7, and hardening item 14 (TCB status): crafted reports signed by a simulated AMD-shaped chain,
 * each verified with revocation checked against a fresh CRL.
 */
class SnpReportRulesTest {
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    /** Milan/Genoa layout: bl 4, tee 0, snp 24, microcode 219 (the simulator's default). */
    static final long TCB = 0xdb18000000000004L;
    private static final SimulatedAmdChain CHAIN = SimulatedAmdChain.generate(ProductLine.GENOA);
    private static final SimulatedSnpSigner SIGNER = SimulatedSnpSigner.vcek(CHAIN);
    private static final SnpVerifier VERIFIER = SnpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .roots(CHAIN.roots()).addCrl(CHAIN.crl(NOW.minusSeconds(86400), NOW.plusSeconds(6 * 86400))).build();

    private static SnpAttestationResult verify(byte[] signed, SnpPolicy policy) throws Exception {
        return VERIFIER.verify(SIGNER.evidence(signed), policy);
    }

    private static byte[] withVmpl(long vmpl) {
        return SIGNER.report().vmpl(vmpl).sign();
    }

    // ---- issue 27 item 1: host-requested reports

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3})
    void guestVmplsAreAcceptedByDefault(long vmpl) throws Exception {
        SnpAttestationResult r = verify(withVmpl(vmpl), SnpPolicy.defaults());
        assertFalse(r.reportDataHostChosen());
        assertEquals(false, r.claims().get("reportDataHostChosen"));
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 7, 0xFFFFFFFFL})
    void hostRequestedReportsAreAPolicyViolationByDefault(long vmpl) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> verify(withVmpl(vmpl), SnpPolicy.defaults()));
        assertEquals(1, e.violations().size(), e.violations().toString());
        assertTrue(e.violations().get(0).startsWith("host-requested report"), e.violations().toString());
        // A nonce "matching" a host-written REPORT_DATA proves nothing: still refused.
        byte[] nonce = new byte[64];
        nonce[0] = 7;
        byte[] withNonce = SIGNER.report().vmpl(vmpl).reportData(nonce).sign();
        assertThrows(PolicyViolationException.class,
                () -> verify(withNonce, SnpPolicy.builder().reportData(nonce).build()));
    }

    @Test
    void hostRequestedReportsAcceptedByNameSayReportDataIsHostChosen() throws Exception {
        SnpPolicy optIn = SnpPolicy.fromDocument(PolicyDocument.of(Map.of("allowHostRequestedReports", true)));
        assertTrue(optIn.allowHostRequestedReports());
        SnpAttestationResult r = verify(withVmpl(0xFFFFFFFFL), optIn);
        assertTrue(r.reportDataHostChosen());
        assertEquals(true, r.claims().get("reportDataHostChosen"));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("REPORT_DATA was chosen by the host")), r.warnings()
                .toString());
    }

    // ---- issue 27 item 2: go-sev-guest's always-on TCB consistency rules

    /** The chain certifies TCB; CURRENT_TCB one microcode step lower: the certificate is above current. */
    @Test
    void certificateTcbAboveCurrentTcbIsRefused() {
        long lowerMicrocode = TCB - (1L << 56);
        byte[] r = SIGNER.report().currentTcb(lowerMicrocode).committedTcb(lowerMicrocode).unsigned();
        LittleEndian.putU64(r, 0x1F0, TCB); // launch TCB is not compared by go
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(SIGNER.sign(r), SnpPolicy.defaults()));
        assertEquals(Reason.BINDING, e.reason());
        assertTrue(e.getMessage().contains("certificate's TCB"), e.getMessage());
    }

    @Test
    void committedTcbAboveCurrentTcbIsRefusedEvenWithProvisionalFirmwarePermitted() {
        long higherSnp = TCB + (1L << 48);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(SIGNER.report().committedTcb(higherSnp).sign(), SnpPolicy.defaults()));
        assertEquals(Reason.BINDING, e.reason());
        assertTrue(e.getMessage().contains("COMMITTED_TCB"), e.getMessage());
        // Above in one SPL, below in another: not "lower", so not provisional either.
        long mixed = TCB + (1L << 48) - (1L << 56);
        long current = TCB;
        assertThrows(VerificationFailedException.class,
                () -> verify(SIGNER.report().currentTcb(current).committedTcb(mixed).sign(), SnpPolicy.defaults()));
    }

    @Test
    void committedBuildOrApiAboveCurrentIsRefused() {
        byte[] build = SIGNER.report().unsigned();
        build[0x1EC] = (byte) (build[0x1E8] + 1);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(SIGNER.sign(build), SnpPolicy.defaults()));
        assertTrue(e.getMessage().contains("committed firmware build"), e.getMessage());
        byte[] api = SIGNER.report().unsigned();
        api[0x1ED] = (byte) (api[0x1E9] + 1);
        e = assertThrows(VerificationFailedException.class, () -> verify(SIGNER.sign(api), SnpPolicy.defaults()));
        assertTrue(e.getMessage().contains("committed firmware API"), e.getMessage());
    }

    /** Committed below current is provisional firmware: accepted with a warning, or refused by name. */
    @Test
    void committedBelowCurrentIsProvisionalFirmware() throws Exception {
        long higherCurrent = TCB + (1L << 56);
        byte[] provisional = SIGNER.report().currentTcb(higherCurrent).sign();
        SnpAttestationResult r = verify(provisional, SnpPolicy.defaults());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("committed TCB") && w.contains("is below current")),
                r.warnings().toString());
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> verify(provisional, SnpPolicy.builder().permitProvisionalFirmware(false).build()));
        assertTrue(e.violations().get(0).contains("provisional firmware is not permitted"), e.violations().toString());
        assertTrue(verify(SIGNER.report().sign(), SnpPolicy.defaults()).warnings().stream()
                .noneMatch(w -> w.contains("provisional")));
    }

    // ---- issue 27 item 4: MASK_CHIP_KEY versus MASK_CHIP_ID

    @Test
    void vcekSignedReportWithMaskChipKeyIsRefused() {
        byte[] forged = SIGNER.report().maskChipKey(true).sign();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(forged, SnpPolicy.defaults()));
        assertEquals(Reason.BINDING, e.reason());
        assertTrue(e.getMessage().contains("MASK_CHIP_KEY"), e.getMessage());
    }

    @Test
    void maskChipIdZeroesTheChipIdWithoutTheChipKeyBit() throws Exception {
        SnpAttestationResult r = verify(SIGNER.report().maskChipId(true).sign(), SnpPolicy.defaults());
        assertTrue(r.report().chipIdMasked());
        assertFalse(r.report().signerInfo().maskChipKey());
        assertTrue(r.commonClaims().platformId().isEmpty());
    }

    // ---- issue 27 item 5 and hardening item 14: TCB status and empty minimums

    @Test
    void meetingTheMinimumTcbIsNeverReportedAsUpToDate() throws Exception {
        SnpAttestationResult none = verify(SIGNER.report().sign(), SnpPolicy.defaults());
        assertEquals(TcbStatus.NOT_EVALUATED, none.commonClaims().tcbStatus());
        SnpAttestationResult met = verify(SIGNER.report().sign(),
                SnpPolicy.builder().minimumTcb(new TcbComponents(0, 4, 0, 24, 219)).build());
        assertEquals(TcbStatus.MEETS_POLICY_MINIMUM, met.commonClaims().tcbStatus());
        assertEquals("MEETS_POLICY_MINIMUM", ((io.tee4j.core.Claims) met.claims().get("verification")).get("tcbStatus"));
    }

    @Test
    void anEmptyOrAllZeroMinimumIsAUsageError() {
        for (String key : List.of("minimumTcb", "minimumLaunchTcb")) {
            for (Map<String, Object> value : List.<Map<String, Object>>of(Map.of(),
                    Map.of("bootloader", 0, "tee", 0, "snp", 0, "microcode", 0, "fmc", 0))) {
                PolicyFormatException e = assertThrows(PolicyFormatException.class,
                        () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of(key, value))));
                assertEquals("$." + key, e.path());
            }
        }
        TcbComponents zero = new TcbComponents(0, 0, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> SnpPolicy.builder().minimumTcb(zero));
        assertThrows(IllegalArgumentException.class, () -> SnpPolicy.builder().minimumLaunchTcb(zero));
    }

    // ---- issue 27 item 6: listed key digests are enforced

    @Test
    void listingTrustedKeyDigestsRequiresAnIdBlockSignedByOne() throws Exception {
        byte[] idKey = new byte[48];
        idKey[0] = 1;
        byte[] other = new byte[48];
        other[0] = 2;
        byte[] signed = SIGNER.report().idKeyDigest(idKey).sign();
        String hex = HexFormat.of().formatHex(other);
        for (String key : List.of("trustedIdKeyHashes", "trustedAuthorKeyHashes")) {
            SnpPolicy p = SnpPolicy.fromDocument(PolicyDocument.of(Map.of(key, List.of(hex))));
            assertTrue(p.requireIdBlock(), key);
            PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verify(signed, p), key);
            assertTrue(e.violations().get(0).contains("ID block"), e.violations().toString());
        }
        verify(signed, SnpPolicy.builder().addTrustedIdKeyHash(idKey).build());
        // An explicit "not required" beside listed digests contradicts them.
        PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> SnpPolicy.fromDocument(
                PolicyDocument.of(Map.of("requireIdBlock", false, "trustedIdKeyHashes", List.of(hex)))));
        assertEquals("$.requireIdBlock", e.path());
        assertThrows(IllegalArgumentException.class,
                () -> SnpPolicy.builder().requireIdBlock(false).addTrustedAuthorKeyHash(other).build());
    }

    // ---- issue 27 item 7: the minimum applies to the committed TCB too (documented choice)

    @Test
    void minimumTcbAppliesToTheCommittedTcbToo() throws Exception {
        long lowerCommitted = TCB - (1L << 48); // snp 23 committed, 24 current and reported
        byte[] signed = SIGNER.report().committedTcb(lowerCommitted).sign();
        SnpPolicy min = SnpPolicy.builder().minimumTcb(new TcbComponents(0, 4, 0, 24, 219)).build();
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verify(signed, min));
        assertEquals(1, e.violations().size(), e.violations().toString());
        assertTrue(e.violations().get(0).startsWith("committed TCB"), e.violations().toString());
        verify(signed, SnpPolicy.builder().minimumTcb(new TcbComponents(0, 4, 0, 23, 219)).build());
    }

    static Evidence evidence(SimulatedSnpSigner s, byte[] signed) {
        return s.evidence(signed);
    }
}
