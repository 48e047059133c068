package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.simulator.QuoteBuilder;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TdxSimulatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TdxSimulator SIM = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();

    private static TdxVerifier verifier(TdxSimulator sim) {
        return TdxVerifier.builder().trustAnchors(sim.trustAnchors()).collateral(sim.collateral())
                .clock(Collaterals.at(NOW.plusSeconds(60))).build();
    }

    @Test
    void v4AndV5QuotesVerifyUpToDate() throws Exception {
        byte[] nonce = new byte[64];
        nonce[0] = 42;
        TdxVerifier v = verifier(SIM);
        for (int[] vt : new int[][] {{4, 2}, {5, 2}, {5, 3}}) {
            byte[] q = SIM.quoteBuilder().version(vt[0], vt[1]).reportData(nonce).build();
            TdxAttestationResult r = v.verify(q, TdxPolicy.builder().reportData(nonce).build());
            assertEquals(IntelTcbStatus.UP_TO_DATE, r.tcbEvaluation().status(), vt[0] + "/" + vt[1]);
            assertEquals("TDX_01", r.tcbEvaluation().moduleIdentity().orElseThrow());
            assertTrue(r.explicitTrustAnchors());
            assertEquals(vt[0], r.quote().version());
            assertEquals(vt[1], r.quote().bodyType());
        }
    }

    @Test
    void simulatedQuotesAreRejectedByTheBundledRoot() {
        TdxVerifier v = TdxVerifier.builder().collateral(SIM.collateral()).clock(Collaterals.at(NOW)).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(SIM.quote(new byte[64]), TdxPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
    }

    @Test
    void outOfDateModuleAndRelaunchAdvice() throws Exception {
        TdxVerifier v = verifier(SIM);
        // TDX_01 minor 2 is below the UpToDate level (3) and above the OutOfDate one (1).
        byte[] old = SIM.quoteBuilder().teeTcbSvn(svn(2, 1, 2)).build();
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> v.verify(old, TdxPolicy.defaults()));
        assertTrue(e.getMessage().contains("OutOfDate"));
        TdxAttestationResult r = v.verify(old, TdxPolicy.builder().acceptTcbStatus("OutOfDate").build());
        assertEquals(java.util.List.of("INTEL-SA-00960"), r.tcbEvaluation().advisoryIds());
        byte[] relaunch = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(2, 1, 2)).teeTcbSvn2(svn(3, 1, 2)).build();
        TdxAttestationResult rr = v.verify(relaunch, TdxPolicy.builder().acceptTcbStatus("TDRelaunchAdvised").build());
        assertEquals(IntelTcbStatus.TD_RELAUNCH_ADVISED, rr.tcbEvaluation().status());
    }

    @Test
    void revokedPckIsRejected() {
        TdxSimulator sim = TdxSimulator.builder().clock(Collaterals.at(NOW)).revokePck().build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier(sim).verify(sim.quote(new byte[64]), TdxPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.REVOKED, e.reason());
    }

    @Test
    void anotherSimulatorsCollateralIsRejected() {
        TdxSimulator other = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();
        TdxVerifier v = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).collateral(other.collateral())
                .clock(Collaterals.at(NOW)).build();
        assertThrows(AttestationException.class, () -> v.verify(SIM.quote(new byte[64]), TdxPolicy.defaults()));
    }

    @Test
    void eventLogReplayMatchesSimulatedQuote() throws Exception {
        byte[] log = CcEventLogTest.sampleLog();
        CcEventLog parsed = CcEventLog.parse(log);
        byte[][] r = parsed.replayRtmrs();
        QuoteBuilder b = SIM.quoteBuilder();
        for (int i = 0; i < 4; i++) {
            b.rtmr(i, r[i]);
        }
        byte[] q = b.build();
        TdxAttestationResult res = verifier(SIM).verify(q, TdxPolicy.builder().rtmr(0, r[0]).build());
        parsed.verifyAgainst(res.quote().body());
        assertArrayEquals(r[2], res.quote().body().rtmr(2));
    }

    @Test
    void evidenceWithEventLogIsReplayedAgainstTheQuote() throws Exception {
        byte[] log = CcEventLogTest.sampleLog();
        byte[][] r = CcEventLog.parse(log).replayRtmrs();
        QuoteBuilder b = SIM.quoteBuilder();
        for (int i = 0; i < 4; i++) {
            b.rtmr(i, r[i]);
        }
        io.tee4j.core.Evidence ev = io.tee4j.core.Evidence.builder(io.tee4j.core.TeeType.TDX, b.build())
                .auxBlob(log).build();
        TdxAttestationResult res = verifier(SIM).verify(ev, TdxPolicy.defaults());
        assertEquals(6, res.eventLog().orElseThrow().eventsFor(0).size() + res.eventLog().get().eventsFor(1).size()
                + res.eventLog().get().eventsFor(2).size() + res.eventLog().get().eventsFor(3).size());
        assertTrue(res.claims().get("eventLog") instanceof io.tee4j.core.Claims);
        io.tee4j.core.Evidence wrong = io.tee4j.core.Evidence.builder(io.tee4j.core.TeeType.TDX,
                SIM.quote(new byte[64])).auxBlob(log).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier(SIM).verify(wrong, TdxPolicy.defaults()));
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
    }

    @Test
    void everyByteOfSimulatedSignedRegionIsCovered() throws Exception {
        TdxVerifier v = TdxVerifier.builder().trustAnchors(SIM.trustAnchors()).clock(Collaterals.at(NOW)).build();
        byte[] q = SIM.quoteBuilder().version(5, 3).build();
        TdxQuote parsed = TdxQuote.parse(q);
        v.verifySignatures(parsed);
        for (int i = 0; i < parsed.signedLength(); i++) {
            byte[] m = q.clone();
            m[i] ^= (byte) (0x80 >>> (i % 8));
            int pos = i;
            assertThrows(AttestationException.class, () -> v.verifySignatures(TdxQuote.parse(m)), "byte " + pos);
        }
    }

    private static byte[] svn(int... v) {
        byte[] b = new byte[16];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
