package io.tee4j.tdx.collateral;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.QeReport;
import io.tee4j.tdx.collateral.TcbInfo.ModuleTcbLevel;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The QE's TCB level under its QE identity (the QE identity step of Intel's QVL): computed once per
 * platform and collateral by {@link #match}, then used by {@link TcbEvaluator#evaluate}.
 */
public final class QeTcbLevel {
    /** QVL's QE verdict: UpToDate, OutOfDate, Revoked or TCBNotSupported. */
    final IntelTcbStatus status;
    /** The matched level's own status as the identity writes it; null when no level matched. */
    final String levelStatus;
    final Instant date;
    final List<String> advisories;
    final long tcbEvaluationDataNumber;

    QeTcbLevel(IntelTcbStatus status, String levelStatus, Instant date, List<String> advisories,
            long tcbEvaluationDataNumber) {
        this.status = status;
        this.levelStatus = levelStatus;
        this.date = date;
        this.advisories = advisories;
        this.tcbEvaluationDataNumber = tcbEvaluationDataNumber;
    }

    /**
     * Checks the QE report against the QE identity and finds the QE's TCB level (QVL
     * {@code EnclaveReportVerifier::verify}): MISCSELECT under its mask, attributes under their mask,
     * MRSIGNER and ISVPRODID must match; the first level in document order at or below the QE's
     * ISVSVN decides — UpToDate stays UpToDate, Revoked is Revoked, every other status is
     * OutOfDate (step 4.1.2.9.9) — and a QE below every level is TCBNotSupported.
     */
    public static QeTcbLevel match(QeReport qe, QeIdentity id) throws VerificationFailedException {
        // QVL compares the report's MISCSELECT (read little-endian) with the identity's hex read
        // little-endian too (vectorToUint32 swaps the bytes): byte i of the hex is byte i of the field.
        long misc = qe.miscSelect();
        long want = LittleEndian.u32(id.miscSelect(), 0);
        long mask = LittleEndian.u32(id.miscSelectMask(), 0);
        if ((misc & mask) != want) {
            throw binding(String.format("QE identity mismatch: MISCSELECT 0x%08x & mask 0x%08x != 0x%08x", misc, mask,
                    want));
        }
        byte[] attr = qe.attributes();
        byte[] wantAttr = id.attributes();
        byte[] attrMask = id.attributesMask();
        for (int i = 0; i < 16; i++) {
            if ((attr[i] & attrMask[i]) != wantAttr[i]) {
                throw binding("QE identity mismatch: QE attributes " + HexFormat.of().formatHex(attr) + " do not match "
                        + HexFormat.of().formatHex(wantAttr) + " under mask " + HexFormat.of().formatHex(attrMask));
            }
        }
        if (!Arrays.equals(qe.mrSigner(), id.mrSigner())) {
            throw binding("QE identity mismatch: QE MRSIGNER " + HexFormat.of().formatHex(qe.mrSigner()) + " is not "
                    + HexFormat.of().formatHex(id.mrSigner()));
        }
        if (qe.isvProdId() != id.isvProdId()) {
            throw binding("QE identity mismatch: QE ISVPRODID " + qe.isvProdId() + " is not " + id.isvProdId());
        }
        for (ModuleTcbLevel l : id.tcbLevels()) {
            if (l.isvSvn <= qe.isvSvn()) {
                IntelTcbStatus s = l.status == IntelTcbStatus.UP_TO_DATE || l.status == IntelTcbStatus.REVOKED
                        ? l.status : IntelTcbStatus.OUT_OF_DATE;
                return new QeTcbLevel(s, l.statusName, l.tcbDate, l.advisoryIds, id.tcbEvaluationDataNumber());
            }
        }
        // QVL: getTcbStatus throws StatusNotSupportedException -> ISVSVN_NOT_SUPPORTED -> TCB not supported.
        return new QeTcbLevel(IntelTcbStatus.NOT_SUPPORTED, null, null, List.of(), id.tcbEvaluationDataNumber());
    }

    private static VerificationFailedException binding(String m) {
        return new VerificationFailedException(Reason.BINDING, m);
    }
}
