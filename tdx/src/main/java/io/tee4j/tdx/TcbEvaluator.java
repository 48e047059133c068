package io.tee4j.tdx;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.tdx.TcbInfo.ModuleTcbLevel;
import io.tee4j.tdx.TcbInfo.TcbLevel;
import io.tee4j.tdx.TcbInfo.TdxModule;
import io.tee4j.tdx.TcbInfo.TdxModuleIdentity;
import io.tee4j.tdx.internal.Bytes;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** TCB-level matching and status convergence as Intel's QVL does it. */
final class TcbEvaluator {
    private TcbEvaluator() {
    }

    /** Result of the QE identity step; computed once per platform. */
    static final class QeLevel {
        final IntelTcbStatus status;
        final Instant date;
        final List<String> advisories;

        QeLevel(IntelTcbStatus status, Instant date, List<String> advisories) {
            this.status = status;
            this.date = date;
            this.advisories = advisories;
        }
    }

    /** Checks the QE report against the QE identity and finds the QE's TCB level. */
    static QeLevel qeLevel(QeReport qe, QeIdentity id) throws VerificationFailedException {
        if (!Arrays.equals(qe.mrSigner(), id.mrSigner())) {
            throw binding("QE identity mismatch: QE MRSIGNER " + Bytes.hex(qe.mrSigner()) + " is not "
                    + Bytes.hex(id.mrSigner()));
        }
        if (qe.isvProdId() != id.isvProdId()) {
            throw binding("QE identity mismatch: QE ISVPRODID " + qe.isvProdId() + " is not " + id.isvProdId());
        }
        long misc = qe.miscSelect();
        long want = be32(id.miscSelect());
        long mask = be32(id.miscSelectMask());
        if ((misc & mask) != want) {
            throw binding(String.format("QE identity mismatch: MISCSELECT 0x%08x & mask 0x%08x != 0x%08x", misc, mask,
                    want));
        }
        byte[] attr = qe.attributes();
        byte[] wantAttr = id.attributes();
        byte[] attrMask = id.attributesMask();
        for (int i = 0; i < 16; i++) {
            if ((attr[i] & attrMask[i]) != wantAttr[i]) {
                throw binding("QE identity mismatch: QE attributes " + Bytes.hex(attr) + " do not match "
                        + Bytes.hex(wantAttr) + " under mask " + Bytes.hex(attrMask));
            }
        }
        for (ModuleTcbLevel l : id.tcbLevels()) {
            if (l.isvSvn <= qe.isvSvn()) {
                return new QeLevel(l.status, l.tcbDate, l.advisoryIds);
            }
        }
        // Intel's QVL treats a QE below every listed level as revoked.
        return new QeLevel(IntelTcbStatus.REVOKED, null, List.of());
    }

    /**
     * Evaluates the platform and TDX module levels for the given TEE_TCB_SVN and converges them
     * with the QE level. Throws for module-signer/attribute mismatches; returns
     * {@link IntelTcbStatus#NOT_SUPPORTED} when no level matches.
     */
    static TcbEvaluation evaluate(TdReportBody body, byte[] teeTcbSvn, PckExtensions pck, TcbInfo info, QeLevel qe)
            throws VerificationFailedException {
        TdxModule base = info.tdxModule();
        checkModule(body, base, "tdxModule");
        int major = teeTcbSvn[1] & 0xFF;
        int start = major > 0 ? 2 : 0;
        TcbLevel platform = null;
        int[] comps = pck.componentsRef();
        for (TcbLevel l : info.tcbLevels()) {
            if (matches(l, comps, pck.pceSvn(), teeTcbSvn, start)) {
                platform = l;
                break;
            }
        }
        if (platform == null) {
            return notSupported(info, qe);
        }
        Set<String> advisories = new LinkedHashSet<>(platform.advisoryIds);
        IntelTcbStatus status = platform.status;
        String moduleId = null;
        ModuleTcbLevel module = null;
        if (major > 0) {
            moduleId = "TDX_" + Character.toUpperCase(Character.forDigit(major >>> 4 & 0xF, 16))
                    + Character.toUpperCase(Character.forDigit(major & 0xF, 16));
            TdxModuleIdentity identity = null;
            for (TdxModuleIdentity i : info.tdxModuleIdentities()) {
                if (i.id.equalsIgnoreCase(moduleId)) {
                    identity = i;
                    break;
                }
            }
            if (identity == null) {
                throw new VerificationFailedException(Reason.COLLATERAL, "TDX module mismatch: TCB info has no "
                        + "module identity " + moduleId);
            }
            checkModule(body, identity.module, moduleId);
            int minor = teeTcbSvn[0] & 0xFF;
            for (ModuleTcbLevel l : identity.levels) {
                if (l.isvSvn <= minor) {
                    module = l;
                    break;
                }
            }
            if (module == null) {
                return notSupported(info, qe);
            }
            advisories.addAll(module.advisoryIds);
            status = converge(status, module.status);
        }
        advisories.addAll(qe.advisories);
        status = converge(status, qe.status);
        return new TcbEvaluation(status, platform.status, platform.tcbDate, moduleId,
                module == null ? null : module.status, module == null ? null : module.tcbDate, qe.status, qe.date,
                List.copyOf(advisories), info.tcbEvaluationDataNumber());
    }

    /**
     * The full QVL evaluation including TD relaunch advice for TDX 1.5: when the TD is out of date
     * only because it was launched on an older TDX module, and the module running now (TEE_TCB_SVN2)
     * would be up to date, the status becomes TDRelaunchAdvised(ConfigurationNeeded).
     */
    static TcbEvaluation evaluate(TdReportBody body, PckExtensions pck, TcbInfo info, QeLevel qe)
            throws VerificationFailedException {
        TcbEvaluation e = evaluate(body, body.teeTcbSvnRef(), pck, info, qe);
        byte[] svn2 = body.teeTcbSvn2Ref();
        if (svn2 == null || Arrays.equals(svn2, body.teeTcbSvnRef())
                || (e.status() != IntelTcbStatus.OUT_OF_DATE
                        && e.status() != IntelTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED)) {
            return e;
        }
        TcbEvaluation now;
        try {
            now = evaluate(body, svn2, pck, info, qe);
        } catch (VerificationFailedException ignored) {
            return e;
        }
        IntelTcbStatus relaunch;
        switch (now.status()) {
            case UP_TO_DATE:
            case SW_HARDENING_NEEDED:
                relaunch = IntelTcbStatus.TD_RELAUNCH_ADVISED;
                break;
            case CONFIGURATION_NEEDED:
            case CONFIGURATION_AND_SW_HARDENING_NEEDED:
                relaunch = IntelTcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
                break;
            default:
                return e;
        }
        return new TcbEvaluation(relaunch, e.platformStatus(), e.platformTcbDate(), e.moduleIdentity().orElse(null),
                e.moduleStatus().orElse(null), e.moduleTcbDate().orElse(null), e.qeStatus(), e.qeTcbDate(),
                e.advisoryIds(), e.tcbEvaluationDataNumber());
    }

    private static TcbEvaluation notSupported(TcbInfo info, QeLevel qe) {
        return new TcbEvaluation(IntelTcbStatus.NOT_SUPPORTED, IntelTcbStatus.NOT_SUPPORTED, null, null, null, null,
                qe.status, qe.date, List.of(), info.tcbEvaluationDataNumber());
    }

    private static boolean matches(TcbLevel l, int[] comps, int pceSvn, byte[] teeTcbSvn, int start) {
        for (int i = 0; i < 16; i++) {
            if (comps[i] < l.sgxComponents[i]) {
                return false;
            }
        }
        if (pceSvn < l.pceSvn) {
            return false;
        }
        for (int i = start; i < 16; i++) {
            if ((teeTcbSvn[i] & 0xFF) < l.tdxComponents[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkModule(TdReportBody body, TdxModule m, String what) throws VerificationFailedException {
        if (!Arrays.equals(body.mrSignerSeamRef(), m.mrSigner)) {
            throw binding("MRSIGNERSEAM does not match the TCB info's " + what + " signer");
        }
        long attrs = body.seamAttributes();
        for (int i = 0; i < 8; i++) {
            int have = (int) (attrs >>> (8 * i)) & 0xFF;
            if ((have & m.attributesMask[i] & 0xFF) != (m.attributes[i] & 0xFF)) {
                throw binding("SEAMATTRIBUTES do not match the TCB info's " + what + " attributes");
            }
        }
    }

    /** QVL convergence of a platform status with an out-of-date or revoked module/QE status. */
    static IntelTcbStatus converge(IntelTcbStatus current, IntelTcbStatus other) {
        if (other == IntelTcbStatus.REVOKED || current == IntelTcbStatus.REVOKED) {
            return IntelTcbStatus.REVOKED;
        }
        if (other == IntelTcbStatus.OUT_OF_DATE) {
            switch (current) {
                case UP_TO_DATE:
                case SW_HARDENING_NEEDED:
                    return IntelTcbStatus.OUT_OF_DATE;
                case CONFIGURATION_NEEDED:
                case CONFIGURATION_AND_SW_HARDENING_NEEDED:
                    return IntelTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
                default:
                    return current;
            }
        }
        return current;
    }

    private static long be32(byte[] b) {
        return ((long) (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF)) & 0xFFFFFFFFL;
    }

    private static VerificationFailedException binding(String m) {
        return new VerificationFailedException(Reason.BINDING, m);
    }
}
