package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.internal.TdxBackend;
import io.tee4j.tdx.simulator.FakePcs;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TcbNotSupportedException;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 (hostile review, turn 2), the TDX items: 1, 13, 16, 17 and 27. */
class HostileReviewTdxTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant AT = NOW.plusSeconds(60);
    private static final TdxSimulator SIM = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();
    private static final BigInteger PCK_SERIAL = SIM.pckChain().get(0).getSerialNumber();
    /** One root CA CRL for every collateral here (each call signs anew, with a random ECDSA nonce). */
    private static final byte[] ROOT_CRL = SIM.rootCaCrl();
    private static final byte[] TCB_INFO = SIM.tcbInfoResponse();
    private static final byte[] QE_IDENTITY = SIM.qeIdentityResponse();

    @TempDir
    Path dir;

    private static TdxVerifier offline(TdxCollateral c) {
        return TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).collateral(c).clock(Collaterals.at(AT)).build();
    }

    private static byte[] okPckCrl() {
        return SIM.pckCrl(NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofDays(30)));
    }

    /** Issued an hour later than {@link #okPckCrl()}, listing the PCK: the newer CRL revokes. */
    private static byte[] revokingPckCrl() {
        return SIM.pckCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)), PCK_SERIAL);
    }

    private static TdxCollateral withPckCrls(byte[]... crls) throws Exception {
        TdxCollateral.Builder b = TdxCollateral.builder()
                .tcbInfo(TcbInfo.fromPcsResponse(TCB_INFO), SIM.tcbIssuerChainPem().getBytes(
                        StandardCharsets.US_ASCII))
                .qeIdentity(QeIdentity.fromPcsResponse(QE_IDENTITY), SIM.tcbIssuerChainPem().getBytes(
                        StandardCharsets.US_ASCII))
                .rootCaCrl(ROOT_CRL);
        for (byte[] c : crls) {
            b.pckCrl(c);
        }
        return b.build();
    }

    private static void assertRevoked(ThrowingRun r, String what) {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, r::run, what);
        assertEquals(VerificationFailedException.Reason.REVOKED, e.reason(), what + ": " + e.getMessage());
        assertEquals(2, e.failureClass().exitCode());
    }

    interface ThrowingRun {
        void run() throws Exception;
    }

    // Item 1: CRL decisions never depend on order -----------------------------------------------

    @Test
    void aPckCrlThatListsThePckRevokesItInEitherOrder() throws Exception {
        byte[] q = SIM.quote(new byte[64]);
        assertRevoked(() -> offline(withPckCrls(okPckCrl(), revokingPckCrl())).verify(q, TdxPolicy.defaults()),
                "ok, revoking");
        assertRevoked(() -> offline(withPckCrls(revokingPckCrl(), okPckCrl())).verify(q, TdxPolicy.defaults()),
                "revoking, ok");
        // An older CRL listing the PCK revokes it even when a newer one omits it.
        byte[] oldRevoking = SIM.pckCrl(NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(30)), PCK_SERIAL);
        assertRevoked(() -> offline(withPckCrls(okPckCrl(), oldRevoking)).verify(q, TdxPolicy.defaults()),
                "new ok, old revoking");
        assertEquals(withPckCrls(okPckCrl(), oldRevoking).pckCrls().size(), 2);
    }

    @Test
    void theNewestRootCrlDecidesCurrencyInEitherOrder() throws Exception {
        byte[] q = SIM.quote(new byte[64]);
        byte[] stale = SIM.rootCaCrl(NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(10)));
        byte[] current = SIM.rootCaCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
        for (byte[][] order : new byte[][][] {{stale, current}, {current, stale}}) {
            TdxCollateral.Builder b = TdxCollateral.builder()
                    .tcbInfo(TcbInfo.fromPcsResponse(TCB_INFO), SIM.tcbIssuerChainPem().getBytes(
                            StandardCharsets.US_ASCII))
                    .qeIdentity(QeIdentity.fromPcsResponse(QE_IDENTITY), SIM.tcbIssuerChainPem()
                            .getBytes(StandardCharsets.US_ASCII))
                    .pckCrl(okPckCrl());
            for (byte[] c : order) {
                b.rootCaCrl(c);
            }
            TdxCollateral c = b.build();
            assertEquals(IntelTcbStatus.UP_TO_DATE, offline(c).verify(q, TdxPolicy.defaults()).tcbEvaluation().status());
        }
        // The same set in another order is the same collateral.
        byte[] ok = okPckCrl();
        byte[] revoking = revokingPckCrl();
        assertArrayEquals(withPckCrls(ok, revoking).fingerprint(), withPckCrls(revoking, ok).fingerprint());
    }

    @Test
    void aCollateralDirectoryAndExtraCrlFilesUseEveryCrl() throws Exception {
        byte[] q = SIM.quote(new byte[64]);
        // Sorted names put the revoking CRL first: the old reader kept only the last CRL it read.
        Path d = Files.createDirectory(dir.resolve("collateral"));
        Files.write(d.resolve("a-pck-revoking.der"), revokingPckCrl());
        Files.write(d.resolve("b-pck-ok.der"), okPckCrl());
        Files.write(d.resolve("bundle.json"), SIM.collateralBundle(okPckCrl(), SIM.rootCaCrl()));
        for (List<Path> files : List.of(List.of(d), List.of(d.resolve("bundle.json"), d.resolve("a-pck-revoking.der")),
                List.of(d.resolve("a-pck-revoking.der"), d.resolve("bundle.json")))) {
            VerificationRequest.Builder rb = VerificationRequest.builder().clock(Collaterals.at(AT)).offline(true)
                    .addTrustRoot(Certificates.toPem(SIM.pckChain().get(2)).getBytes(StandardCharsets.US_ASCII));
            files.forEach(rb::addCollateral);
            assertRevoked(() -> new TdxBackend().verify(Evidence.of(TeeType.TDX, q), rb.build()), files.toString());
        }
    }

    @Test
    void suppliedCrlsNeverSuppressFetchingFresherOnes() throws Exception {
        byte[] q = SIM.quote(new byte[64]);
        byte[] fmspc = HexFormat.of().parseHex("00906ed50000");
        try (FakePcs pcs = FakePcs.start(SIM, fmspc)) {
            pcs.servePckCrl(revokingPckCrl());
            IntelPcsTest.HttpSource source = new IntelPcsTest.HttpSource();
            // The caller (or a host) supplies an older, unexpired CRL that does not list the PCK.
            TdxVerifier v = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).clock(Collaterals.at(AT))
                    .collateral(withPckCrls(okPckCrl()))
                    .pcs(IntelPcs.at(pcs.baseUri(), pcs.rootCaCrlUri(), source)).build();
            assertRevoked(() -> v.verify(q, TdxPolicy.defaults()), "supplied ok, fetched revoking");
            assertEquals(2, pcs.requests(), "only the two CRLs are fetched beside supplied collateral");
            // And the other way round: a supplied revoking CRL is not unsaid by a fetched one.
            pcs.servePckCrl(okPckCrl());
            TdxVerifier v2 = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).clock(Collaterals.at(AT))
                    .collateral(withPckCrls(revokingPckCrl()))
                    .pcs(IntelPcs.at(pcs.baseUri(), pcs.rootCaCrlUri(), source)).build();
            assertRevoked(() -> v2.verify(q, TdxPolicy.defaults()), "supplied revoking, fetched ok");
        }
        // When the fetch fails, current supplied CRLs decide, and the result says a fetch failed.
        CollateralSource down = req -> {
            throw new CollateralUnavailableException("PCS is down", req.uri().toString(), true);
        };
        TdxAttestationResult r = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).clock(Collaterals.at(AT))
                .collateral(withPckCrls(okPckCrl())).pcs(IntelPcs.intel(down)).build().verify(q, TdxPolicy.defaults());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("could not fetch current CRLs")), r.warnings()
                .toString());
    }

    @Test
    void theBackendFetchesCrlsBesideCollateralFilesWhenOnline() throws Exception {
        byte[] q = SIM.quote(new byte[64]);
        Path bundle = Files.write(dir.resolve("bundle.json"), SIM.collateralBundle(okPckCrl(), SIM.rootCaCrl()));
        List<String> fetched = new ArrayList<>();
        CollateralSource intel = req -> {
            fetched.add(req.uri().toString());
            byte[] body = req.kind() == CollateralKind.CRL && req.uri().getPath().contains("pckcrl") ? revokingPckCrl()
                    : SIM.rootCaCrl();
            return new FetchedCollateral(body, Map.of(), req.uri().toString(), AT, null, false);
        };
        VerificationRequest.Builder r = VerificationRequest.builder().clock(Collaterals.at(AT)).addCollateral(bundle)
                .addTrustRoot(Certificates.toPem(SIM.pckChain().get(2)).getBytes(StandardCharsets.US_ASCII))
                .collateralSource(intel);
        assertRevoked(() -> new TdxBackend().verify(Evidence.of(TeeType.TDX, q), r.offline(false).build()), "online");
        assertEquals(2, fetched.size(), fetched.toString());
        // Offline, only the supplied CRL is at hand, and it does not list the PCK.
        fetched.clear();
        AttestationResult res = new TdxBackend().verify(Evidence.of(TeeType.TDX, q), r.offline(true).build());
        assertEquals(List.of(), fetched);
        assertEquals("UpToDate", res.claims().get("intelTcbStatus"));
    }

    // Item 13: TCB not supported is an appraisal failure ------------------------------------------

    @Test
    void noMatchingTcbLevelIsExit5WithIntelsStatus() throws Exception {
        // PCESVN 10 is below both levels (13 and 11) of the standard shape.
        TdxSimulator low = TdxSimulator.builder().clock(Collaterals.at(NOW)).pceSvn(10).build();
        byte[] lowBundle = low.collateralBundle(ShapedCollateral.standard(NOW).json(), ShapedCollateral.qeIdentity(NOW),
                low.pckCrl(), low.rootCaCrl());
        TdxVerifier v = TdxVerifier.builder().trustAnchors(low.trustAnchors())
                .collateral(TdxCollateral.fromBundle(lowBundle)).clock(Collaterals.at(AT)).build();
        for (TdxPolicy p : List.of(TdxPolicy.defaults(), Collaterals.everyAcceptableStatus())) {
            TcbNotSupportedException e = assertThrows(TcbNotSupportedException.class,
                    () -> v.verify(low.quote(new byte[64]), p));
            assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
            assertTrue(e instanceof PolicyViolationException);
            assertEquals("TCBNotSupported", e.intelTcbStatus());
            assertEquals(io.tee4j.core.TcbStatus.NOT_SUPPORTED, e.tcbStatus().orElseThrow());
            assertTrue(e.getMessage().contains("PCESVN 10"), e.getMessage());
        }
        // The same through the backend the command uses.
        Path bundle = Files.write(dir.resolve("low.json"), lowBundle);
        AttestationException e = assertThrows(AttestationException.class, () -> new TdxBackend().verify(
                Evidence.of(TeeType.TDX, low.quote(new byte[64])), VerificationRequest.builder()
                        .clock(Collaterals.at(AT)).addCollateral(bundle).offline(true)
                        .addTrustRoot(Certificates.toPem(low.pckChain().get(2)).getBytes(StandardCharsets.US_ASCII))
                        .build()));
        assertEquals(5, e.failureClass().exitCode(), e.getMessage());
    }

    // Item 16: identify quotes by their signed bytes; refuse non-zero trailing bytes --------------

    @Test
    void signedBytesDigestIsInTheResultAndIgnoresPadding() throws Exception {
        byte[] q = Vectors.quote(Vectors.PHALA);
        TdxQuote parsed = TdxQuote.parse(q);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(q, parsed.signedLength()));
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.phala()).clock(Collaterals.at(Collaterals.PHALA_AT))
                .build();
        TdxAttestationResult r = v.verify(q, TdxPolicy.defaults());
        assertEquals(HexFormat.of().formatHex(expected), r.claims().get("signedBytesSha256"));
        assertArrayEquals(expected, parsed.signedBytesSha256());
        // More zero padding, or none: the same quote, the same digest.
        byte[] padded = Arrays.copyOf(q, q.length + 16);
        assertEquals(r.claims().get("signedBytesSha256"), v.verify(padded, TdxPolicy.defaults()).claims()
                .get("signedBytesSha256"));
        byte[] bare = parsed.bytes();
        assertEquals(r.claims().get("signedBytesSha256"), v.verify(bare, TdxPolicy.defaults()).claims()
                .get("signedBytesSha256"));
    }

    @Test
    void everyBitFlipInTrailingPaddingIsMalformed() throws Exception {
        byte[] q = Vectors.quote(Vectors.PHALA);
        TdxQuote parsed = TdxQuote.parse(q);
        assertEquals(70, parsed.trailingBytes());
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.phala()).clock(Collaterals.at(Collaterals.PHALA_AT))
                .build();
        List<String> accepted = new ArrayList<>();
        for (int i = q.length - parsed.trailingBytes(); i < q.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] m = q.clone();
                m[i] ^= (byte) (1 << bit);
                try {
                    v.verify(m, TdxPolicy.defaults());
                    accepted.add(i + "/" + bit);
                } catch (MalformedEvidenceException expected) {
                    assertEquals(6, expected.failureClass().exitCode());
                }
            }
        }
        assertEquals(List.of(), accepted);
        // Named by the caller, unsigned trailing data is tolerated (go-tdx-guest's SPR_E4 vector needs it).
        byte[] m = q.clone();
        m[q.length - 1] = 0x42;
        TdxVerifier lenient = TdxVerifier.builder().collateral(Collaterals.phala())
                .clock(Collaterals.at(Collaterals.PHALA_AT)).acceptNonZeroTrailingBytes(true).build();
        assertEquals("UpToDate", lenient.verify(m, TdxPolicy.defaults()).intelTcbStatus());
    }

    // Item 17: valid while now < nextUpdate ----------------------------------------------------------

    @Test
    void tcbInfoAndQeIdentityExpireAtExactlyNextUpdate() throws Exception {
        Instant next = NOW.plus(Duration.ofDays(10));
        byte[] pck = SIM.pckCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(60)));
        byte[] root = SIM.rootCaCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(60)));
        String tcbShort = ShapedCollateral.standard(NOW).nextUpdate(next).json();
        String qeLong = ShapedCollateral.qeIdentity(NOW, NOW.plus(Duration.ofDays(30)), "00000000", "FFFFFFFF", 17,
                ShapedCollateral.moduleLevel(4, "UpToDate"));
        String tcbLong = ShapedCollateral.standard(NOW).nextUpdate(NOW.plus(Duration.ofDays(30))).json();
        String qeShort = ShapedCollateral.qeIdentity(NOW, next, "00000000", "FFFFFFFF", 17,
                ShapedCollateral.moduleLevel(4, "UpToDate"));
        for (String[] docs : new String[][] {{tcbShort, qeLong, "TCB info"}, {tcbLong, qeShort, "QE identity"}}) {
            TdxCollateral c = TdxCollateral.fromBundle(SIM.collateralBundle(docs[0], docs[1], pck, root));
            byte[] q = SIM.quote(new byte[64]);
            TdxVerifier before = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).collateral(c)
                    .clock(Collaterals.at(next.minusMillis(1))).build();
            assertEquals("UpToDate", before.verify(q, TdxPolicy.defaults()).intelTcbStatus());
            TdxVerifier atNext = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).collateral(c)
                    .clock(Collaterals.at(next)).build();
            CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                    () -> atNext.verify(q, TdxPolicy.defaults()), docs[2]);
            assertTrue(e.getMessage().startsWith(docs[2] + " expired at " + next), e.getMessage());
            assertEquals(3, e.failureClass().exitCode());
        }
    }

    @Test
    void aCachedVerdictEndsAtNextUpdateToo() throws Exception {
        Instant next = NOW.plus(Duration.ofDays(10));
        byte[] pck = SIM.pckCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(60)));
        byte[] root = SIM.rootCaCrl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(60)));
        TdxCollateral c = TdxCollateral.fromBundle(SIM.collateralBundle(ShapedCollateral.standard(NOW).nextUpdate(next)
                .json(), ShapedCollateral.qeIdentity(NOW), pck, root));
        Instant[] now = {next.minusMillis(1)};
        TdxVerifier v = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).collateral(c)
                .clock(new java.time.Clock() {
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
                }).build();
        byte[] q = SIM.quote(new byte[64]);
        v.verify(q, TdxPolicy.defaults());
        now[0] = next;
        assertThrows(CollateralUnavailableException.class, () -> v.verify(q, TdxPolicy.defaults()));
    }

    // Item 27: measurementsAppraised ----------------------------------------------------------------

    @Test
    void measurementsAppraisedOnlyWhenMrtdWasPinnedAndMatched() throws Exception {
        byte[] q = Vectors.quote(Vectors.PHALA);
        TdReportBody body = TdxQuote.parse(q).body();
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.phala()).clock(Collaterals.at(Collaterals.PHALA_AT))
                .build();
        TdxAttestationResult pinned = v.verify(q, TdxPolicy.builder().addMrTd(body.mrTd()).build());
        assertEquals(Boolean.TRUE, pinned.claims().get("measurementsAppraised"));
        assertTrue(pinned.measurementsAppraised());
        TdxAttestationResult withRtmrs = v.verify(q, TdxPolicy.builder().addMrTd(new byte[48]).addMrTd(body.mrTd())
                .rtmr(0, body.rtmr(0)).rtmr(3, body.rtmr(3)).build());
        assertEquals(Boolean.TRUE, withRtmrs.claims().get("measurementsAppraised"));
        assertEquals(Boolean.FALSE, v.verify(q, TdxPolicy.defaults()).claims().get("measurementsAppraised"));
        assertEquals(Boolean.FALSE, v.verify(q, TdxPolicy.builder().rtmr(0, body.rtmr(0)).build()).claims()
                .get("measurementsAppraised"));
        // A pinned MRTD that does not match is a policy violation, never a result.
        assertThrows(PolicyViolationException.class, () -> v.verify(q, TdxPolicy.builder().addMrTd(new byte[48])
                .build()));
    }
}
