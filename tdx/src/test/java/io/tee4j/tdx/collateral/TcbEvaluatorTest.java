package io.tee4j.tdx.collateral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.tdx.Collaterals;
import io.tee4j.tdx.Vectors;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbEvaluator;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.verify.TdxVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcbEvaluatorTest {
    private static final QeTcbLevel QE_OK =
            new QeTcbLevel(IntelTcbStatus.UP_TO_DATE, "UpToDate", Instant.EPOCH, List.of(), 99);

    private static TdxQuote v5() throws Exception {
        return TdxQuote.parse(Vectors.quote(Vectors.V5_SAMPLE));
    }

    private static PckExtensions pck(TdxQuote q) throws Exception {
        return TdxVerifier.builder().clock(Collaterals.at(Collaterals.ANY_PCK_AT)).build().verifySignatures(q);
    }

    private static TcbInfo v5Info(String from, String to) throws Exception {
        String body = new String(Vectors.bytes("go-tdx-guest/sample_tcbinfo_response_v5"), StandardCharsets.UTF_8);
        String edited = body.replace(from, to);
        if (!from.equals(to) && edited.equals(body)) {
            throw new AssertionError("edit not applied");
        }
        return TcbInfo.fromPcsResponse(edited.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void v5SampleIsUpToDateWithModuleIdentity() throws Exception {
        TdxQuote q = v5();
        TcbEvaluation e = TcbEvaluator.evaluate(q.body(), pck(q), v5Info("", ""), QE_OK);
        assertEquals(IntelTcbStatus.UP_TO_DATE, e.status());
        assertEquals("TDX_01", e.moduleIdentity().orElseThrow());
        assertEquals(Instant.parse("2024-11-13T00:00:00Z"), e.platformTcbDate());
        assertEquals(18, e.tcbEvaluationDataNumber());
    }

    @Test
    void tdRelaunchAdvisedWhenOnlyTheLaunchModuleIsOutOfDate() throws Exception {
        TdxQuote q = v5(); // TEE_TCB_SVN minor 11, TEE_TCB_SVN2 minor 13
        TcbInfo info = v5Info("{\"tcb\":{\"isvsvn\":6},\"tcbDate\":\"2024-11-13T00:00:00Z\"",
                "{\"tcb\":{\"isvsvn\":12},\"tcbDate\":\"2024-11-13T00:00:00Z\"");
        TcbEvaluation e = TcbEvaluator.evaluate(q.body(), pck(q), info, QE_OK);
        assertEquals(IntelTcbStatus.TD_RELAUNCH_ADVISED, e.status());
        assertEquals(IntelTcbStatus.OUT_OF_DATE, e.moduleStatus().orElseThrow());
        assertEquals(List.of("INTEL-SA-01036", "INTEL-SA-01099"), e.advisoryIds());
        // The same module level without a newer running module is plainly OutOfDate.
        assertEquals(IntelTcbStatus.OUT_OF_DATE, TcbEvaluator.checkForRelaunch(q.body().teeTcbSvn(), info,
                IntelTcbStatus.UP_TO_DATE, IntelTcbStatus.OUT_OF_DATE, IntelTcbStatus.OUT_OF_DATE,
                IntelTcbStatus.UP_TO_DATE));
    }

    @Test
    void qeStatusConverges() throws Exception {
        TdxQuote q = v5();
        TcbEvaluation e = TcbEvaluator.evaluate(q.body(), pck(q), v5Info("", ""),
                new QeTcbLevel(IntelTcbStatus.OUT_OF_DATE, "OutOfDate", Instant.EPOCH,
                        List.of("INTEL-SA-00999"), 99));
        assertEquals(IntelTcbStatus.OUT_OF_DATE, e.status());
        assertEquals(List.of("INTEL-SA-00999"), e.advisoryIds());
        TcbEvaluation r = TcbEvaluator.evaluate(q.body(), pck(q), v5Info("", ""),
                new QeTcbLevel(IntelTcbStatus.REVOKED, "Revoked", Instant.EPOCH, List.of(), 99));
        assertEquals(IntelTcbStatus.REVOKED, r.status());
    }

    @Test
    void convergenceTable() {
        IntelTcbStatus o = IntelTcbStatus.OUT_OF_DATE;
        assertEquals(o, TcbEvaluator.converge(IntelTcbStatus.UP_TO_DATE, o));
        assertEquals(o, TcbEvaluator.converge(IntelTcbStatus.SW_HARDENING_NEEDED, o));
        assertEquals(IntelTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
                TcbEvaluator.converge(IntelTcbStatus.CONFIGURATION_NEEDED, o));
        assertEquals(IntelTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
                TcbEvaluator.converge(IntelTcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED, o));
        assertEquals(IntelTcbStatus.REVOKED, TcbEvaluator.converge(IntelTcbStatus.UP_TO_DATE, IntelTcbStatus.REVOKED));
        assertEquals(IntelTcbStatus.CONFIGURATION_NEEDED,
                TcbEvaluator.converge(IntelTcbStatus.CONFIGURATION_NEEDED, IntelTcbStatus.UP_TO_DATE));
    }

    @Test
    void missingModuleIdentityAndBelowAllLevels() throws Exception {
        TdxQuote q = v5();
        TcbInfo noId = v5Info("\"id\":\"TDX_01\"", "\"id\":\"TDX_07\"");
        assertThrows(VerificationFailedException.class, () -> TcbEvaluator.evaluate(q.body(), pck(q), noId, QE_OK));
        // Every platform level demands PCESVN 14 > 13: no level matches.
        String body = new String(Vectors.bytes("go-tdx-guest/sample_tcbinfo_response_v5"), StandardCharsets.UTF_8);
        // (15 for the 2018 level: two levels with equal SVNs would be duplicates, which QVL refuses)
        TcbInfo high = TcbInfo.fromPcsResponse(body.replace("\"pcesvn\":13", "\"pcesvn\":14")
                .replace("\"pcesvn\":5", "\"pcesvn\":15").getBytes(StandardCharsets.UTF_8));
        assertEquals(IntelTcbStatus.NOT_SUPPORTED, TcbEvaluator.evaluate(q.body(), pck(q), high, QE_OK).status());
    }

    @Test
    void qeIdentityMatching() throws Exception {
        TdxQuote q = TdxQuote.parse(Vectors.quote(Vectors.PHALA));
        QeIdentity id = Collaterals.phala().qeIdentity();
        QeTcbLevel l = QeTcbLevel.match(q.qeReport(), id);
        assertEquals(IntelTcbStatus.UP_TO_DATE, l.status);
        String json = new String(id.signedBytes(), StandardCharsets.UTF_8);
        QeIdentity other = QeIdentity.of(json.replace("\"isvprodid\":2", "\"isvprodid\":1")
                .getBytes(StandardCharsets.UTF_8), id.signature());
        assertThrows(VerificationFailedException.class, () -> QeTcbLevel.match(q.qeReport(), other));
        QeIdentity newer = QeIdentity.of(json.replace("\"isvsvn\":4", "\"isvsvn\":9")
                .getBytes(StandardCharsets.UTF_8), id.signature());
        // A QE below every level is TCB not supported (QVL ISVSVN_NOT_SUPPORTED), not Revoked.
        assertEquals(IntelTcbStatus.NOT_SUPPORTED, QeTcbLevel.match(q.qeReport(), newer).status);
    }

    @Test
    void moduleIdentitiesAreTheFormattedMajorVersion() {
        for (int major = 0; major < 256; major++) {
            assertEquals(String.format("TDX_%02X", major), TcbEvaluator.moduleId(major));
        }
        assertEquals("TDX_03", TcbEvaluator.moduleId(0x103));
    }
}
