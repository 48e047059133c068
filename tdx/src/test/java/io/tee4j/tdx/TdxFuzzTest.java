package io.tee4j.tdx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.tdx.abi.CcEventLog;
import io.tee4j.tdx.abi.TdReport;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.internal.TdxBackend;
import io.tee4j.tdx.verify.TdxVerifier;

/**
 * Jazzer harnesses for every parser of untrusted input. In the normal test run they replay their
 * seed corpora (real vectors, see TdxFuzzTestInputs/README.md); with JAZZER_FUZZ=1 they fuzz. A
 * harness fails on anything but the documented checked exceptions.
 */
class TdxFuzzTest {
    private static final TdxVerifier VERIFIER = TdxVerifier.builder()
            .clock(Collaterals.at(Collaterals.ANY_PCK_AT)).cacheSize(16).build();

    @FuzzTest(maxDuration = "30s")
    void quoteParser(byte[] data) {
        try {
            TdxQuote q = TdxQuote.parse(data);
            q.body().tdAttributes().names();
            q.body().xfam().names();
            q.qeReport().isvSvn();
            VERIFIER.verifySignatures(q);
        } catch (AttestationException expected) {
            // malformed or unverifiable input is reported as a checked error
        }
    }

    @FuzzTest(maxDuration = "30s")
    void tdReportParser(byte[] data) {
        try {
            TdReport.parse(data).rtmrs();
        } catch (MalformedEvidenceException expected) {
            // checked error only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void tcbInfoReader(byte[] data) {
        try {
            TcbInfo.fromPcsResponse(data).tcbLevels();
        } catch (CollateralUnavailableException expected) {
            // checked error only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void qeIdentityReader(byte[] data) {
        try {
            QeIdentity.fromPcsResponse(data).tcbLevels();
        } catch (CollateralUnavailableException expected) {
            // checked error only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void bundleReader(byte[] data) {
        try {
            TdxCollateral.fromBundle(data);
        } catch (CollateralUnavailableException expected) {
            // checked error only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void pcsIssuerChain(byte[] data) {
        try {
            io.tee4j.tdx.collateral.PcsIssuerChain.decode(data, "fuzz");
        } catch (MalformedEvidenceException expected) {
            // checked error only
        }
    }

    @FuzzTest(maxDuration = "30s")
    void eventLogParser(byte[] data) {
        try {
            CcEventLog log = CcEventLog.parse(data);
            log.replayRtmrs();
        } catch (MalformedEvidenceException expected) {
            // checked error only
        }
        try {
            CcEventLog.CcelTable.parse(data);
        } catch (MalformedEvidenceException expected) {
            // checked error only
        }
    }

    /** The CLI's describe path parses unverified PCK certificates and their SGX extensions. */
    @FuzzTest(maxDuration = "30s")
    void describeQuote(byte[] data) {
        try {
            new TdxBackend().describe(io.tee4j.core.Evidence.of(io.tee4j.core.TeeType.TDX, data));
        } catch (MalformedEvidenceException expected) {
            // checked error only
        }
    }
}
