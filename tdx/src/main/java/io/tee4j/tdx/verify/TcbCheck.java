package io.tee4j.tdx.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.TcbEvaluator;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.verify.CollateralVerdict;
import io.tee4j.tdx.verify.PlatformEntry;
import io.tee4j.tdx.verify.TcbNotSupportedException;
import java.util.HexFormat;

/**
 * Evaluates the TCB status with the QVL's semantics and refuses the two statuses no policy may
 * accept: {@code Revoked} fails verification, and "no level matches" is {@link TcbNotSupportedException}
 * naming which of Intel's three cases it is.
 */
final class TcbCheck {
    private TcbCheck() {
    }

    static TcbEvaluation evaluate(TdxQuote quote, PlatformEntry entry, TcbInfo info, CollateralVerdict verdict)
            throws AttestationException {
        TcbEvaluation tcb = TcbEvaluator.evaluate(quote.body(), entry.pck, info, verdict.qe);
        if (tcb.status() == IntelTcbStatus.NOT_SUPPORTED) {
            throw new TcbNotSupportedException(tcb, notSupportedReason(quote, entry.pck, tcb));
        }
        if (tcb.status() == IntelTcbStatus.REVOKED) {
            throw new VerificationFailedException(Reason.REVOKED, "TCB status is Revoked: " + tcb);
        }
        return tcb;
    }

    /** Names which of Intel's three "no level matches" cases it is, with the values compared. */
    private static String notSupportedReason(TdxQuote quote, PckExtensions pck, TcbEvaluation tcb) {
        if (tcb.qeStatus() == IntelTcbStatus.NOT_SUPPORTED) {
            return "the QE's ISVSVN " + quote.qeReport().isvSvn() + " is below every level of the QE identity";
        }
        if (tcb.platformTcbDate() != null && tcb.moduleIdentity().isPresent()
                && tcb.moduleStatus().orElse(null) == IntelTcbStatus.NOT_SUPPORTED) {
            return "TEE_TCB_SVN[0] = " + quote.body().teeTcbSvn(0) + " is below every level of the TDX module identity "
                    + tcb.moduleIdentity().get();
        }
        return "no TCB level of the TCB info for FMSPC " + HexFormat.of().formatHex(pck.fmspc()) + " matches this platform (PCK "
                + "CPUSVN " + HexFormat.of().formatHex(pck.cpuSvn()) + ", PCESVN " + pck.pceSvn() + ", TEE_TCB_SVN "
                + HexFormat.of().formatHex(quote.body().teeTcbSvn()) + ")";
    }
}
