package io.tee4j.tdx;

import static io.tee4j.tdx.ShapedCollateral.CPU;
import static io.tee4j.tdx.ShapedCollateral.CPU_OLD;
import static io.tee4j.tdx.ShapedCollateral.ZERO_SIGNER;
import static io.tee4j.tdx.ShapedCollateral.moduleLevel;
import static io.tee4j.tdx.ShapedCollateral.qeIdentity;
import static io.tee4j.tdx.ShapedCollateral.tdx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TcbNotSupportedException;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: each shape of authentic (simulator-signed) collateral where tee4j and Intel's Quote
 * Verification Library (QVL @7e5b2a1, DCAP 1.21) used to disagree. Each test asserts Intel's result
 * and the exit class both under the default policy (UpToDate only) and under a policy that accepts
 * the status (or every acceptable status, for terminal results).
 */
class QvlSemanticsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TdxSimulator SIM = TdxSimulator.builder().clock(Collaterals.at(NOW)).build();

    /** The exit code and, when verified, Intel's status. */
    record Outcome(int exit, String intelStatus, String message, TdxAttestationResult result) {
    }

    static Outcome run(TdxSimulator sim, byte[] quote, TdxCollateral c, TdxPolicy p) {
        TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).collateral(c)
                .clock(Collaterals.at(NOW.plusSeconds(60))).build();
        try {
            TdxAttestationResult r = v.verify(quote, p);
            return new Outcome(0, r.intelTcbStatus(), null, r);
        } catch (AttestationException e) {
            return new Outcome(e.failureClass().exitCode(), e instanceof TcbNotSupportedException
                    ? "TCBNotSupported" : null, e.getMessage(), null);
        }
    }

    /**
     * Asserts Intel's non-terminal status {@code intel}: the default policy accepts it only when it
     * is UpToDate (exit 5 naming it otherwise), a policy naming it accepts it (exit 0).
     */
    private static TdxAttestationResult assertIntel(String intel, byte[] quote, String tcbJson, String qeJson)
            throws Exception {
        TdxCollateral c = ShapedCollateral.bundle(SIM, tcbJson, qeJson);
        Outcome def = run(SIM, quote, c, TdxPolicy.defaults());
        if (intel.equals("UpToDate")) {
            assertEquals(0, def.exit(), def.message());
            assertEquals(intel, def.intelStatus());
        } else {
            assertEquals(5, def.exit(), def.message());
            assertTrue(def.message().contains("TCB status " + intel + " ("), def.message());
        }
        Outcome accepting = run(SIM, quote, c, TdxPolicy.builder().acceptTcbStatus(intel).build());
        assertEquals(0, accepting.exit(), accepting.message());
        assertEquals(intel, accepting.intelStatus());
        return accepting.result();
    }

    /** Asserts a terminal result: the same exit class under the default policy and under every acceptable status. */
    private static void assertTerminal(int exit, String messagePart, byte[] quote, String tcbJson, String qeJson)
            throws Exception {
        TdxCollateral c;
        try {
            c = ShapedCollateral.bundle(SIM, tcbJson, qeJson);
        } catch (AttestationException refusedWhenRead) {
            assertEquals(exit, refusedWhenRead.failureClass().exitCode(), refusedWhenRead.getMessage());
            assertTrue(refusedWhenRead.getMessage().contains(messagePart), refusedWhenRead.getMessage());
            return;
        }
        for (TdxPolicy p : new TdxPolicy[] {TdxPolicy.defaults(), Collaterals.everyAcceptableStatus()}) {
            Outcome o = run(SIM, quote, c, p);
            assertEquals(exit, o.exit(), o.message());
            assertTrue(o.message().contains(messagePart), o.message());
        }
    }

    private static byte[] quote() {
        return SIM.quote(new byte[64]);
    }

    private static byte[] svn(int... first) {
        byte[] b = new byte[16];
        for (int i = 0; i < first.length; i++) {
            b[i] = (byte) first[i];
        }
        return b;
    }

    // 1. Level order --------------------------------------------------------------------------

    @Test
    void platformLevelsAreMatchedInIntelsOrderNotDocumentOrder() throws Exception {
        // [low UpToDate, exact OutOfDate]: document order matched the low level (UpToDate).
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU_OLD, 11, tdx(1, 0, 1), "UpToDate")
                .level(CPU, 13, tdx(3, 0, 2), "OutOfDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(3, "UpToDate"))
                .json();
        TdxAttestationResult r = assertIntel("OutOfDate", quote(), tcb, qeIdentity(NOW));
        assertEquals(IntelTcbStatus.OUT_OF_DATE, r.tcbEvaluation().platformStatus());
    }

    @Test
    void moduleLevelsAreMatchedHighestIsvSvnFirst() throws Exception {
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(1, "UpToDate"),
                        moduleLevel(3, "OutOfDate")).json();
        TdxAttestationResult r = assertIntel("OutOfDate", quote(), tcb, qeIdentity(NOW));
        assertEquals(IntelTcbStatus.OUT_OF_DATE, r.tcbEvaluation().moduleStatus().orElseThrow());
    }

    @Test
    void qeIdentityLevelsStayInDocumentOrder() throws Exception {
        // QVL keeps QE levels in a vector: [1 OutOfDate, 4 UpToDate] matches ISVSVN 4 at the first entry.
        assertIntel("OutOfDate", quote(), ShapedCollateral.standard(NOW).json(),
                qeIdentity(NOW, moduleLevel(1, "OutOfDate"), moduleLevel(4, "UpToDate")));
    }

    // 2. Duplicates and empty identities ---------------------------------------------------------

    @Test
    void duplicatedPlatformLevelsAreRefused() throws Exception {
        String tcb = ShapedCollateral.standard(NOW).level(CPU, 13, tdx(3, 0, 2), "OutOfDate").json();
        assertTerminal(3, "duplicated TCB levels", quote(), tcb, qeIdentity(NOW));
    }

    @Test
    void duplicatedModuleLevelsAreRefused() throws Exception {
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(3, "UpToDate"),
                        moduleLevel(3, "OutOfDate")).json();
        assertTerminal(3, "duplicated TDX module TCB levels", quote(), tcb, qeIdentity(NOW));
    }

    @Test
    void emptyModuleIdentitiesAreRefused() throws Exception {
        // A TDX 1.0-style quote (TEE_TCB_SVN[1] = 0) never reads the identities; QVL refuses the TCB info anyway.
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate").emptyIdentities().json();
        byte[] q = SIM.quoteBuilder().teeTcbSvn(svn(3, 0, 2)).build();
        assertTerminal(3, "tdxModuleIdentities: empty", q, tcb, qeIdentity(NOW));
    }

    // 3. Module level statuses -------------------------------------------------------------------

    @Test
    void matchedModuleLevelMayOnlyBeUpToDateOutOfDateOrRevoked() throws Exception {
        for (String status : new String[] {"SWHardeningNeeded", "OutOfDateConfigurationNeeded", "ConfigurationNeeded",
            "SomethingNew"}) {
            String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                    .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(3, status))
                    .json();
            assertTerminal(3, "STATUS_TCB_UNRECOGNIZED_STATUS", quote(), tcb, qeIdentity(NOW));
        }
    }

    @Test
    void anUnmatchedModuleLevelWithAnOddStatusIsHarmless() throws Exception {
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(3, "UpToDate"),
                        moduleLevel(1, "SomethingNew")).json();
        assertIntel("UpToDate", quote(), tcb, qeIdentity(NOW));
    }

    // 4. SEAMATTRIBUTES ------------------------------------------------------------------------

    @Test
    void seamAttributesMustBeZeroWhateverTheMask() throws Exception {
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .tdxModule(ZERO_SIGNER, "0000000000000000", "0000000000000000")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "0000000000000000", moduleLevel(3, "UpToDate"))
                .json();
        assertIntel("UpToDate", quote(), tcb, qeIdentity(NOW));
        byte[] q = SIM.quoteBuilder().seamAttributes(1).build();
        assertTerminal(2, "STATUS_TDX_MODULE_MISMATCH", q, tcb, qeIdentity(NOW));
    }

    // 5. TD relaunch (checkForRelaunch) ------------------------------------------------------------

    @Test
    void relaunchWithAnUnknownRunningModuleIsAModuleMismatch() throws Exception {
        byte[] q = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(2, 1, 2)).teeTcbSvn2(svn(3, 7, 2)).build();
        assertTerminal(2, "TDX_07", q, ShapedCollateral.standard(NOW).json(), qeIdentity(NOW));
    }

    @Test
    void relaunchIsNotAdvisedWhenTheModuleIsUpToDate() throws Exception {
        // The platform is OutOfDate (TEE_TCB_SVN[2] = 1 meets only the low level), the module is UpToDate.
        byte[] q = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(3, 1, 1)).teeTcbSvn2(svn(3, 1, 2)).build();
        assertIntel("OutOfDate", q, ShapedCollateral.standard(NOW).json(), qeIdentity(NOW));
        Outcome relaunchOnly = run(SIM, q, ShapedCollateral.bundle(SIM, ShapedCollateral.standard(NOW).json(),
                qeIdentity(NOW)), TdxPolicy.builder().acceptTcbStatus("TDRelaunchAdvised").build());
        assertEquals(5, relaunchOnly.exit(), relaunchOnly.message());
    }

    @Test
    void relaunchKeepsConfigurationNeeded() throws Exception {
        // L1 [3,0,3] UpToDate is the latest level; the TD (SEAM loader SVN 2) matches L2 [3,0,2]
        // ConfigurationNeeded, and its launch module (minor 2) is OutOfDate: OutOfDateConfigurationNeeded.
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 3), "UpToDate")
                .level(CPU, 13, tdx(3, 0, 2), "ConfigurationNeeded")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(3, "UpToDate"),
                        moduleLevel(1, "OutOfDate")).json();
        byte[] q = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(2, 1, 2)).teeTcbSvn2(svn(3, 1, 3)).build();
        TdxAttestationResult r = assertIntel("TDRelaunchAdvisedConfigurationNeeded", q, tcb, qeIdentity(NOW));
        assertEquals("OUT_OF_DATE_CONFIGURATION_NEEDED", ((Claims) r.claims()).get("tcbStatus"));
    }

    @Test
    void relaunchComparesTheRunningModuleWithTheLatestLevelsOnly() throws Exception {
        // TEE_TCB_SVN2 minor 3 meets an UpToDate module level, but not the latest one (5): no relaunch.
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(5, "UpToDate"),
                        moduleLevel(3, "UpToDate"), moduleLevel(1, "OutOfDate")).json();
        byte[] q = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(2, 1, 2)).teeTcbSvn2(svn(3, 1, 2)).build();
        assertIntel("OutOfDate", q, tcb, qeIdentity(NOW));
        byte[] latest = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(2, 1, 2)).teeTcbSvn2(svn(5, 1, 2)).build();
        assertIntel("TDRelaunchAdvised", latest, tcb, qeIdentity(NOW));
    }

    // 6. QE identity status mapping ----------------------------------------------------------------

    @Test
    void everyQeStatusButUpToDateAndRevokedIsOutOfDate() throws Exception {
        for (String status : new String[] {"ConfigurationNeeded", "OutOfDateConfigurationNeeded", "OutOfDate"}) {
            TdxAttestationResult r = assertIntel("OutOfDate", quote(), ShapedCollateral.standard(NOW).json(),
                    qeIdentity(NOW, moduleLevel(4, status)));
            assertEquals(IntelTcbStatus.OUT_OF_DATE, r.tcbEvaluation().qeStatus());
            assertEquals(status, r.tcbEvaluation().qeLevelStatus().orElseThrow());
        }
        // A platform that needs configuration converges to OutOfDateConfigurationNeeded.
        String configuration = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "ConfigurationNeeded")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(3, "UpToDate"))
                .json();
        assertIntel("OutOfDateConfigurationNeeded", quote(), configuration,
                qeIdentity(NOW, moduleLevel(4, "ConfigurationNeeded")));
    }

    @Test
    void aQeStatusQvlDoesNotKnowMakesTheIdentityUnreadable() throws Exception {
        for (String status : new String[] {"SWHardeningNeeded", "ConfigurationAndSWHardeningNeeded", "Whatever"}) {
            assertTerminal(3, "is not a QE identity status", quote(), ShapedCollateral.standard(NOW).json(),
                    qeIdentity(NOW, moduleLevel(4, "UpToDate"), moduleLevel(1, status)));
        }
    }

    // 7. QE below every level ----------------------------------------------------------------------

    @Test
    void aQeBelowEveryLevelIsTcbNotSupported() throws Exception {
        assertTerminal(5, "TCBNotSupported", quote(), ShapedCollateral.standard(NOW).json(),
                qeIdentity(NOW, moduleLevel(5, "UpToDate")));
        Outcome o = run(SIM, quote(), ShapedCollateral.bundle(SIM, ShapedCollateral.standard(NOW).json(),
                qeIdentity(NOW, moduleLevel(5, "UpToDate"))), TdxPolicy.defaults());
        assertEquals("TCBNotSupported", o.intelStatus());
        assertTrue(o.message().contains("QE's ISVSVN 4 is below every level"), o.message());
    }

    @Test
    void aModuleBelowEveryLevelOfItsIdentityIsTcbNotSupported() throws Exception {
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(5, "UpToDate"))
                .json();
        assertTerminal(5, "TEE_TCB_SVN[0] = 3 is below every level of the TDX module identity TDX_01", quote(), tcb,
                qeIdentity(NOW));
    }

    // 8. TCB evaluation data number ------------------------------------------------------------------

    @Test
    void minimumEvaluationNumberHoldsForTheSmallerOfBothDocuments() throws Exception {
        String qe = ShapedCollateral.qeIdentity(NOW, NOW.plusSeconds(86400 * 30), "00000000", "FFFFFFFF", 16,
                moduleLevel(4, "UpToDate"));
        TdxCollateral c = ShapedCollateral.bundle(SIM, ShapedCollateral.standard(NOW).evaluationNumber(17).json(), qe);
        Outcome strict = run(SIM, quote(), c, TdxPolicy.builder().minimumTcbEvaluationDataNumber(17).build());
        assertEquals(5, strict.exit(), strict.message());
        assertTrue(strict.message().contains("TCB evaluation data number 16"), strict.message());
        Outcome fine = run(SIM, quote(), c, TdxPolicy.builder().minimumTcbEvaluationDataNumber(16).build());
        assertEquals(0, fine.exit(), fine.message());
        assertEquals(16, fine.result().tcbEvaluation().tcbEvaluationDataNumber());
    }

    // 9. Wrong rejects: module identity signer, MISCSELECT byte order ---------------------------------

    @Test
    void theModuleIdentityReplacesTheBaseSignerAndAttributes() throws Exception {
        byte[] signer = new byte[48];
        java.util.Arrays.fill(signer, (byte) 0xAB);
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .tdxModule(ZERO_SIGNER, "0100000000000000", "FFFFFFFFFFFFFFFF")
                .identity("TDX_01", ShapedCollateral.hex(signer), "0000000000000000", "FFFFFFFFFFFFFFFF",
                        moduleLevel(3, "UpToDate")).json();
        assertIntel("UpToDate", SIM.quoteBuilder().mrSignerSeam(signer).build(), tcb, qeIdentity(NOW));
        // The base signer alone no longer passes for a TDX 1.5 module.
        assertTerminal(2, "STATUS_TDX_MODULE_MISMATCH", quote(), tcb, qeIdentity(NOW));
    }

    @Test
    void qeMiscSelectHexIsTheReportsLittleEndianBytes() throws Exception {
        TdxSimulator sim = TdxSimulator.builder().clock(Collaterals.at(NOW)).qeMiscSelect(1).build();
        String tcb = ShapedCollateral.standard(NOW).json();
        String asBytes = ShapedCollateral.qeIdentity(NOW, NOW.plusSeconds(86400 * 30), "01000000", "FFFFFFFF", 17,
                moduleLevel(4, "UpToDate"));
        Outcome ok = run(sim, sim.quote(new byte[64]), ShapedCollateral.bundle(sim, tcb, asBytes), TdxPolicy.defaults());
        assertEquals(0, ok.exit(), ok.message());
        String bigEndian = ShapedCollateral.qeIdentity(NOW, NOW.plusSeconds(86400 * 30), "00000001", "FFFFFFFF", 17,
                moduleLevel(4, "UpToDate"));
        Outcome wrong = run(sim, sim.quote(new byte[64]), ShapedCollateral.bundle(sim, tcb, bigEndian),
                TdxPolicy.defaults());
        assertEquals(2, wrong.exit(), wrong.message());
        assertTrue(wrong.message().contains("MISCSELECT"), wrong.message());
    }

    // 10. Intel's exact status beside the common one --------------------------------------------------

    @Test
    void resultAndViolationCarryIntelsStatusBesideTheCommonOne() throws Exception {
        byte[] q = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(2, 1, 2)).teeTcbSvn2(svn(3, 1, 2)).build();
        TdxCollateral c = ShapedCollateral.bundle(SIM, ShapedCollateral.standard(NOW).json(), qeIdentity(NOW));
        Outcome def = run(SIM, q, c, TdxPolicy.defaults());
        assertTrue(def.message().contains("TCB status TDRelaunchAdvised (OUT_OF_DATE) is not accepted"),
                def.message());
        TdxAttestationResult r = run(SIM, q, c, TdxPolicy.builder().acceptTcbStatus("TDRelaunchAdvised").build())
                .result();
        assertEquals("TDRelaunchAdvised", r.claims().get("intelTcbStatus"));
        assertEquals("OUT_OF_DATE", r.claims().get("tcbStatus"));
        assertEquals("TDRelaunchAdvised", ((Claims) r.claims().get("tcb")).get("status"));
        assertEquals("OUT_OF_DATE", ((Claims) r.claims().get("tcb")).get("commonStatus"));
        assertEquals(io.tee4j.core.TcbStatus.OUT_OF_DATE, r.commonClaims().tcbStatus());
        // Accepting OutOfDate does not accept TDRelaunchAdvised: Intel's names are matched exactly.
        assertEquals(5, run(SIM, q, c, TdxPolicy.builder().acceptTcbStatus("OutOfDate").build()).exit());
    }

    @Test
    void revokedModuleLevelIsRevokedBeforeAnyRelaunchOrQeStep() throws Exception {
        String tcb = ShapedCollateral.tcbInfo(NOW).level(CPU, 13, tdx(3, 0, 2), "UpToDate")
                .identity("TDX_01", ZERO_SIGNER, "0000000000000000", "FFFFFFFFFFFFFFFF", moduleLevel(3, "UpToDate"),
                        moduleLevel(1, "Revoked")).json();
        byte[] q = SIM.quoteBuilder().version(5, 3).teeTcbSvn(svn(1, 1, 2)).teeTcbSvn2(svn(3, 1, 2)).build();
        assertTerminal(2, "Revoked", q, tcb, qeIdentity(NOW, moduleLevel(5, "UpToDate"), moduleLevel(1, "OutOfDate")));
        assertNull(run(SIM, q, ShapedCollateral.bundle(SIM, tcb, qeIdentity(NOW)), Collaterals.everyAcceptableStatus())
                .intelStatus());
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
