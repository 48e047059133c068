package io.tee4j.tdx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.tdx.Collaterals;
import io.tee4j.tdx.Vectors;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.validate.TdxPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TdxVerifierTest {

    private static TdxVerifier verifier(TdxCollateral c, Instant at) {
        return TdxVerifier.builder().collateral(c).clock(Collaterals.at(at)).build();
    }

    @Test
    void phalaQuoteIsUpToDate() throws Exception {
        TdxAttestationResult r = verifier(Collaterals.phala(), Collaterals.PHALA_AT)
                .verify(Vectors.quote(Vectors.PHALA), TdxPolicy.defaults());
        assertEquals(IntelTcbStatus.UP_TO_DATE, r.tcbEvaluation().status());
        assertEquals("UpToDate", r.intelTcbStatus());
        assertEquals(TcbStatus.UP_TO_DATE, r.commonClaims().tcbStatus());
        assertTrue(r.tcbEvaluation().advisoryIds().isEmpty());
        assertEquals("TDX_01", r.tcbEvaluation().moduleIdentity().orElseThrow());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertFalse(r.explicitTrustAnchors());
        assertEquals("b0c06f000000", HexFormat.of().formatHex(r.pckExtensions().fmspc()));
        assertEquals(11, r.pckExtensions().pceSvn());
        assertEquals("UpToDate", ((io.tee4j.core.Claims) r.claims().get("tcb")).get("status"));
        assertEquals(Collaterals.PHALA_AT, r.verifiedAt());
    }

    @Test
    void secondQuoteUsesWarmPathAndStillChecksSignature() throws Exception {
        TdxVerifier v = verifier(Collaterals.phala(), Collaterals.PHALA_AT);
        byte[] q = Vectors.quote(Vectors.PHALA);
        v.verify(q, TdxPolicy.defaults());
        v.verify(q, TdxPolicy.defaults());
        byte[] bad = q.clone();
        bad[0x200] ^= 1;
        assertThrows(VerificationFailedException.class, () -> v.verify(bad, TdxPolicy.defaults()));
        v.verify(q, TdxPolicy.defaults());
        // The warm path, observed on the steps themselves (the verifier keeps no test-only counters):
        // the platform step serves the same entry, the collateral step the same verdict.
        PlatformCheck platform = new PlatformCheck(CertificateChainValidator.of(TdxTrustAnchors.intelRoot()), 8);
        CollateralCheck check = new CollateralCheck(CertificateChainValidator.of(TdxTrustAnchors.intelRoot()),
                RevocationMode.REQUIRE);
        TdxQuote parsed = TdxQuote.parse(q);
        PlatformEntry entry = platform.platform(parsed, Collaterals.PHALA_AT);
        assertSame(entry, platform.platform(TdxQuote.parse(q.clone()), Collaterals.PHALA_AT));
        CollateralVerdict verdict = check.verdict(parsed, entry, Collaterals.phala(), Collaterals.PHALA_AT);
        assertSame(verdict, check.verdict(parsed, entry, Collaterals.phala(), Collaterals.PHALA_AT));
        // A different QE report (one flipped bit) is a different platform key: full work, and it fails.
        byte[] qe = q.clone();
        qe[parsed.qeReportOffset() + 0x150] ^= 1;
        assertThrows(VerificationFailedException.class, () -> platform.platform(TdxQuote.parse(qe),
                Collaterals.PHALA_AT));
        assertThrows(VerificationFailedException.class, () -> v.verify(qe, TdxPolicy.defaults()));
        assertSame(entry, platform.platform(parsed, Collaterals.PHALA_AT), "the failure evicted nothing");
    }

    @Test
    void cachedVerdictIsNotUsedOutsideItsWindow() throws Exception {
        Instant[] now = {Collaterals.PHALA_AT};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.phala()).clock(clock).build();
        byte[] q = Vectors.quote(Vectors.PHALA);
        v.verify(q, TdxPolicy.defaults());
        now[0] = Instant.parse("2025-07-20T00:00:00Z"); // past the TCB info's nextUpdate
        assertThrows(CollateralUnavailableException.class, () -> v.verify(q, TdxPolicy.defaults()));
        now[0] = Collaterals.PHALA_AT;
        v.verify(q, TdxPolicy.defaults());
        // On the step: a cached verdict is refused outside its window and served again inside it.
        CollateralCheck check = new CollateralCheck(CertificateChainValidator.of(TdxTrustAnchors.intelRoot()),
                RevocationMode.REQUIRE);
        TdxQuote parsed = TdxQuote.parse(q);
        PlatformEntry entry = new PlatformCheck(CertificateChainValidator.of(TdxTrustAnchors.intelRoot()), 8)
                .platform(parsed, Collaterals.PHALA_AT);
        CollateralVerdict verdict = check.verdict(parsed, entry, Collaterals.phala(), Collaterals.PHALA_AT);
        assertThrows(CollateralUnavailableException.class, () -> check.verdict(parsed, entry, Collaterals.phala(),
                Instant.parse("2025-07-20T00:00:00Z")));
        assertSame(verdict, check.verdict(parsed, entry, Collaterals.phala(), Collaterals.PHALA_AT));
    }

    @Test
    void trusteeQuote6IsOutOfDateAndRejectedByDefault() throws Exception {
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.trustee())
                .clock(Collaterals.at(Collaterals.TRUSTEE_AT)).revocationMode(RevocationMode.SKIP_INSECURE).build();
        byte[] q = Vectors.quote(Vectors.TRUSTEE_6);
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> v.verify(q, TdxPolicy.defaults()));
        assertEquals(1, e.violations().size());
        assertTrue(e.violations().get(0).contains("TCB status OutOfDate (OUT_OF_DATE) is not accepted"),
                e.getMessage());
        TdxAttestationResult r = v.verify(q, TdxPolicy.builder().acceptTcbStatus("OutOfDate").build());
        assertEquals(IntelTcbStatus.OUT_OF_DATE, r.tcbEvaluation().status());
        assertEquals(IntelTcbStatus.OUT_OF_DATE, r.tcbEvaluation().platformStatus());
        assertEquals(IntelTcbStatus.UP_TO_DATE, r.tcbEvaluation().moduleStatus().orElseThrow());
        assertEquals("TDX_03", r.tcbEvaluation().moduleIdentity().orElseThrow());
        assertEquals(TcbStatus.OUT_OF_DATE, r.commonClaims().tcbStatus());
        assertTrue(r.warnings().get(0).contains("SKIP_INSECURE"));
        // Another non-UpToDate status named does not let OutOfDate through.
        assertThrows(PolicyViolationException.class,
                () -> v.verify(q, TdxPolicy.builder().acceptTcbStatus("SWHardeningNeeded").build()));
    }

    @Test
    void trusteeCollateralWithoutCrlsNeedsRevocationOptOut() throws Exception {
        TdxVerifier v = verifier(Collaterals.trustee(), Collaterals.TRUSTEE_AT);
        RevocationUnavailableException e = assertThrows(RevocationUnavailableException.class,
                () -> v.verify(Vectors.quote(Vectors.TRUSTEE_6), TdxPolicy.defaults()));
        assertEquals(FailureClass.REVOCATION_UNAVAILABLE, e.failureClass());
    }

    @Test
    void expiredTcbSigningCertificateFailsEvenWithTheSameKey() throws Exception {
        // The 2018-2025 TCB Signing certificate has the renewed one's key but expired on 2025-05-21.
        byte[] old = Vectors.bytes("go-tdx-guest/tcb_signing_issuer_chain_2018-2025.pem");
        TdxCollateral c = TdxCollateral.builder()
                .tcbInfo(TcbInfo.fromPcsResponse(Vectors.bytes("trustee/tcbInfo.json")), old)
                .qeIdentity(QeIdentity.fromPcsResponse(Vectors.bytes("trustee/enclaveIdentity.json")), old)
                .build();
        TdxVerifier v = TdxVerifier.builder().collateral(c).clock(Collaterals.at(Collaterals.TRUSTEE_AT))
                .revocationMode(RevocationMode.SKIP_INSECURE).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(Vectors.quote(Vectors.TRUSTEE_6), TdxPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void signedBytesAreTheExactMemberBytes() throws Exception {
        byte[] body = Vectors.bytes("trustee/tcbInfo.json");
        String s = new String(body, StandardCharsets.UTF_8);
        String inner = s.substring("{\"tcbInfo\":".length(), s.lastIndexOf(",\"signature\""));
        String sig = s.substring(s.lastIndexOf("\"signature\":") + "\"signature\":".length(), s.lastIndexOf('}'));
        String spaced = "\n{ \"tcbInfo\" :\t" + inner + " ,\n \"signature\" : " + sig + " }\n";
        TcbInfo a = TcbInfo.fromPcsResponse(body);
        TcbInfo b = TcbInfo.fromPcsResponse(spaced.getBytes(StandardCharsets.UTF_8));
        assertEquals(new String(a.signedBytes(), StandardCharsets.UTF_8), new String(b.signedBytes(),
                StandardCharsets.UTF_8));
        assertTrue(new String(a.signedBytes(), StandardCharsets.UTF_8).startsWith("{\"id\":\"TDX\""));
        assertTrue(new String(a.signedBytes(), StandardCharsets.UTF_8).endsWith("}"));
    }

    /**
     * Hostile review turn 2, item 13: every signature of SPR_E4 and its collateral is valid but no
     * TCB level matches. That is Intel's TCBNotSupported, an appraisal failure (exit 5) that no
     * policy can accept — it was a cryptographic failure (exit 2) before. (SPR_E4 carries 39
     * non-zero bytes after its signature data, accepted here by name.)
     */
    @Test
    void sprE4IsTcbNotSupported() throws Exception {
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.gtg()).clock(Collaterals.at(Collaterals.GTG_AT))
                .acceptNonZeroTrailingBytes(true).build();
        for (TdxPolicy p : List.of(TdxPolicy.defaults(), Collaterals.everyAcceptableStatus())) {
            TcbNotSupportedException e = assertThrows(TcbNotSupportedException.class,
                    () -> v.verify(Vectors.quote(Vectors.SPR_E4), p));
            assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
            assertEquals(5, e.failureClass().exitCode());
            assertEquals("TCBNotSupported", e.intelTcbStatus());
            assertEquals(TcbStatus.NOT_SUPPORTED, e.tcbStatus().orElseThrow());
            assertEquals(IntelTcbStatus.NOT_SUPPORTED, e.tcbEvaluation().status());
            assertTrue(e.getMessage().contains("TCBNotSupported") && e.getMessage().contains("no TCB level"),
                    e.getMessage());
        }
    }

    /** Hostile review turn 2, item 16: SPR_E4's trailing text is not signed, so by default the quote is malformed. */
    @Test
    void sprE4WithItsTrailingTextIsMalformedByDefault() throws Exception {
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.gtg()).clock(Collaterals.at(Collaterals.GTG_AT))
                .build();
        io.tee4j.core.MalformedEvidenceException e = assertThrows(io.tee4j.core.MalformedEvidenceException.class,
                () -> v.verify(Vectors.quote(Vectors.SPR_E4), TdxPolicy.defaults()));
        assertEquals(6, e.failureClass().exitCode());
        assertThrows(io.tee4j.core.MalformedEvidenceException.class,
                () -> v.verifySignatures(TdxQuote.parse(Vectors.quote(Vectors.SPR_E4))));
    }

    @Test
    void debugQuoteRejectedByDefault() throws Exception {
        TdxVerifier v = verifier(Collaterals.gtg(), Collaterals.GTG_AT);
        byte[] q = Vectors.quote(Vectors.TRUSTEE_4);
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> v.verify(q, TdxPolicy.defaults()));
        assertTrue(e.violations().get(0).contains("debug"), e.getMessage());
        TdxAttestationResult r = v.verify(q, TdxPolicy.builder().allowDebug(true).build());
        assertTrue(r.commonClaims().debug());
    }

    @Test
    void violationsListEveryFailedCheck() throws Exception {
        TdxVerifier v = verifier(Collaterals.gtg(), Collaterals.GTG_AT);
        TdxPolicy p = TdxPolicy.builder()
                .addMrTd(new byte[48])
                .rtmr(0, new byte[48])
                .mrOwner(new byte[48]) // satisfied: all zero
                .minimumQeSvn(5)
                .minimumPceSvn(12)
                .reportData(new byte[64])
                .xfam(0, 1)
                .build();
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> v.verify(Vectors.quote(Vectors.TRUSTEE_4), p));
        List<String> got = e.violations();
        assertEquals(7, got.size(), got.toString());
        assertTrue(got.get(0).contains("debug"));
        assertTrue(got.get(1).startsWith("MRTD"));
        assertTrue(got.get(2).startsWith("RTMR0"));
        assertTrue(got.get(3).startsWith("XFAM"));
        assertTrue(got.get(4).startsWith("QE ISVSVN 4"));
        assertTrue(got.get(5).startsWith("PCESVN 11"));
        assertTrue(got.get(6).startsWith("report data"));
    }

    @Test
    void everyQuoteSignatureVerifies() throws Exception {
        TdxVerifier v = TdxVerifier.builder().clock(Collaterals.at(Collaterals.ANY_PCK_AT))
                .acceptNonZeroTrailingBytes(true).build(); // SPR_E4's trailing text
        for (String name : Vectors.QUOTES) {
            PckExtensions pck = v.verifySignatures(TdxQuote.parse(Vectors.quote(name)));
            assertEquals(3, pck.sgxType() + 3 - pck.sgxType(), name);
        }
        PckExtensions spr = v.verifySignatures(TdxQuote.parse(Vectors.quote(Vectors.SPR_E4)));
        assertEquals("089ddfdb9c0359c82a3bc7719239574e", HexFormat.of().formatHex(spr.ppid()));
        assertEquals("50806f000000", HexFormat.of().formatHex(spr.fmspc()));
        assertEquals("0000", HexFormat.of().formatHex(spr.pceId()));
        assertEquals(11, spr.pceSvn());
        assertEquals("03030202020100020000000000000000", HexFormat.of().formatHex(spr.cpuSvn()));
        PckExtensions t4 = v.verifySignatures(TdxQuote.parse(Vectors.quote(Vectors.TRUSTEE_4)));
        // DER octet order; trustee's test prints the same 16 bytes reversed (82548d22...5c61a02).
        assertEquals("021ac64d355ba904e2d5948d228d5482", HexFormat.of().formatHex(t4.platformInstanceId().orElseThrow()));
        assertTrue(t4.dynamicPlatform().isPresent() && t4.cachedKeys().isPresent() && t4.smtEnabled().isPresent());
    }

    @Test
    void expiredPckFails() {
        TdxVerifier v = TdxVerifier.builder().clock(Collaterals.at(Instant.parse("2053-07-01T01:00:00Z")))
                .acceptNonZeroTrailingBytes(true).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verifySignatures(TdxQuote.parse(Vectors.quote(Vectors.SPR_E4))));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void goTdxGuestNegativeMutationsFail() {
        TdxVerifier v = TdxVerifier.builder().clock(Collaterals.at(Collaterals.GTG_AT))
                .acceptNonZeroTrailingBytes(true).build();
        int[] offsets = {0x00, 0x278, 0x1343, 0x1329, 0xF5F, 0xB77, 0x1E, 0x3C};
        byte[] values = {3, 0x10, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32};
        for (int i = 0; i < offsets.length; i++) {
            byte[] q = Vectors.quote(Vectors.SPR_E4);
            q[offsets[i]] = values[i];
            int off = offsets[i];
            assertThrows(AttestationException.class, () -> v.verifySignatures(TdxQuote.parse(q)),
                    "offset 0x" + Integer.toHexString(off));
        }
    }

    @Test
    void everyBitFlipInSignedRegionAndQeReportFails() throws Exception {
        for (String name : List.of(Vectors.PHALA, Vectors.V5_SAMPLE)) {
            TdxVerifier v = TdxVerifier.builder().clock(Collaterals.at(Collaterals.ANY_PCK_AT)).build();
            byte[] q = Vectors.quote(name);
            TdxQuote parsed = TdxQuote.parse(q);
            v.verifySignatures(parsed);
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < parsed.signedLength(); i++) {
                positions.add(i); // header, v5 body descriptor, body
            }
            int sigData = parsed.sigDataOffset();
            for (int i = sigData; i < sigData + 128; i++) {
                positions.add(i); // quote signature and attestation key
            }
            for (int i = parsed.qeReportOffset(); i < parsed.authDataOffset() + parsed.authDataLength(); i++) {
                positions.add(i); // QE report, its signature, auth data length and auth data
            }
            List<String> accepted = new ArrayList<>();
            for (int pos : positions) {
                byte[] m = q.clone();
                m[pos] ^= (byte) (1 << (pos % 8));
                try {
                    v.verifySignatures(TdxQuote.parse(m));
                    accepted.add("0x" + Integer.toHexString(pos));
                } catch (AttestationException expected) {
                    // every flip must be caught
                }
            }
            assertTrue(accepted.isEmpty(), name + ": bit flips accepted at " + accepted);
        }
    }

    @Test
    void collateralOutsideWindowIsUnavailable() throws Exception {
        for (String t : new String[] {"2025-08-01T00:00:00Z", "2025-06-01T00:00:00Z"}) {
            TdxVerifier v = verifier(Collaterals.phala(), Instant.parse(t));
            CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                    () -> v.verify(Vectors.quote(Vectors.PHALA), TdxPolicy.defaults()), t);
            assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
        }
    }

    @Test
    void tamperedCollateralFails() throws Exception {
        String bundle = new String(Vectors.bytes("phala-dcap-qvl/tdx_quote_collateral.json"), StandardCharsets.UTF_8);
        String q = "\\\"";
        String[][] edits = {
            {"tcbEvaluationDataNumber" + q + ":17", "tcbEvaluationDataNumber" + q + ":18"},
            {"isvprodid" + q + ":2", "isvprodid" + q + ":3"},
        };
        for (String[] e : edits) {
            String t = bundle.replace(e[0], e[1]);
            if (t.equals(bundle)) {
                fail("edit not applied: " + e[0]);
            }
            TdxVerifier v = verifier(TdxCollateral.fromBundle(t.getBytes(StandardCharsets.UTF_8)), Collaterals.PHALA_AT);
            VerificationFailedException x = assertThrows(VerificationFailedException.class,
                    () -> v.verify(Vectors.quote(Vectors.PHALA), TdxPolicy.defaults()));
            assertEquals(VerificationFailedException.Reason.COLLATERAL, x.reason(), x.getMessage());
        }
    }

    @Test
    void wrongPlatformCollateralFails() throws Exception {
        // GTG collateral is for FMSPC 50806f000000; the v5 sample is 90c06f000000.
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.gtg()).clock(Collaterals.at(Collaterals.GTG_AT))
                .build();
        assertThrows(AttestationException.class, () -> v.verify(Vectors.quote(Vectors.AZURE), TdxPolicy.defaults()));
    }

    @Test
    void noCollateralIsUnavailable() {
        TdxVerifier v = TdxVerifier.builder().clock(Collaterals.at(Collaterals.PHALA_AT)).build();
        assertThrows(CollateralUnavailableException.class,
                () -> v.verify(Vectors.quote(Vectors.PHALA), TdxPolicy.defaults()));
    }
}
