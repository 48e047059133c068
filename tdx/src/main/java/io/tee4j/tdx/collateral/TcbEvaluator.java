package io.tee4j.tdx.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TcbInfo.ModuleTcbLevel;
import io.tee4j.tdx.collateral.TcbInfo.TcbLevel;
import io.tee4j.tdx.collateral.TcbInfo.TdxModule;
import io.tee4j.tdx.collateral.TcbInfo.TdxModuleIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * TCB-level matching and status convergence, ported step by step from Intel's Quote Verification
 * Library (intel/SGX-TDX-DCAP-QuoteVerificationLibrary at 7e5b2a1, the QVL that DCAP 1.21 pins):
 * {@code QuoteVerifier::verify} step 4.1.2.4.11 (TDX module signer and attributes),
 * {@code EnclaveReportVerifier::verify} (QE identity), {@code checkTcbLevel} with
 * {@code matchTcbLevels}, {@code checkTdxModuleTcbStatus} and the two convergence functions, and
 * {@code checkForRelaunch}. Each step below names the QVL function it follows; where QVL returns an
 * error status this class throws, and {@link IntelTcbStatus#NOT_SUPPORTED} is returned as a status
 * for the verifier to refuse.
 */
public final class TcbEvaluator {
    /** QVL's {@code VALID_MODULE_TCB_STATUSES}: the only statuses a matched module level may carry. */
    private static final Set<IntelTcbStatus> MODULE_STATUSES = EnumSet.of(IntelTcbStatus.UP_TO_DATE,
            IntelTcbStatus.OUT_OF_DATE, IntelTcbStatus.REVOKED);

    private TcbEvaluator() {
    }

    /**
     * QVL step 4.1.2.4.11: the TDX module that signed the TD must be the one the TCB info names.
     * With TEE_TCB_SVN[1] &gt; 0 the module identity {@code TDX_%02X} replaces the base
     * {@code tdxModule}'s signer and attributes (absent: TDX_MODULE_MISMATCH); MRSIGNERSEAM must
     * equal the signer; every SEAMATTRIBUTES byte must be zero and equal to the expected
     * attributes (the mask is not applied).
     */
    static void checkModuleSigner(TdReportBody body, TcbInfo info) throws VerificationFailedException {
        int major = body.teeTcbSvnRef()[1] & 0xFF;
        TdxModule expected = info.tdxModule();
        String what = "tdxModule";
        if (major > 0) {
            TdxModuleIdentity identity = findIdentity(info, major);
            if (identity == null) {
                throw moduleMismatch("TCB info has no module identity " + moduleId(major)
                        + " for TEE_TCB_SVN[1] = " + major);
            }
            expected = identity.module;
            what = identity.id;
        }
        if (!Arrays.equals(body.mrSignerSeamRef(), expected.mrSigner)) {
            throw moduleMismatch("MRSIGNERSEAM " + HexFormat.of().formatHex(body.mrSignerSeamRef()) + " is not the TCB info's "
                    + what + " signer " + HexFormat.of().formatHex(expected.mrSigner));
        }
        long attrs = body.seamAttributes();
        for (int i = 0; i < 8; i++) {
            int have = (int) (attrs >>> (8 * i)) & 0xFF;
            if (have != 0 || have != (expected.attributes[i] & 0xFF)) {
                throw moduleMismatch(String.format("SEAMATTRIBUTES 0x%016x must be all zero and equal to the TCB "
                        + "info's %s attributes %s", attrs, what, HexFormat.of().formatHex(expected.attributes)));
            }
        }
    }

    /**
     * QVL {@code checkTcbLevel} for a TDX quote: matches the platform and module levels, converges
     * them, advises a TD relaunch (body type 3) and converges with the QE's verdict; first checks
     * the module signer and attributes ({@link #checkModuleSigner}).
     *
     * @return the evaluation; its status is {@link IntelTcbStatus#NOT_SUPPORTED} when no level matches
     * @throws VerificationFailedException TDX_MODULE_MISMATCH from the relaunch check
     * @throws CollateralUnavailableException TCB_UNRECOGNIZED_STATUS: the matched module level's
     *     status is not UpToDate, OutOfDate or Revoked
     */
    public static TcbEvaluation evaluate(TdReportBody body, PckExtensions pck, TcbInfo info, QeTcbLevel qe)
            throws VerificationFailedException, CollateralUnavailableException {
        checkModuleSigner(body, info);
        byte[] svn = body.teeTcbSvnRef();
        // matchTcbLevels: over the levels in QVL's order, the SGX level is the first whose SGX
        // components and PCESVN the PCK meets; the TDX level the first that also meets TEE_TCB_SVN.
        TcbLevel sgxLevel = null;
        TcbLevel tdxLevel = null;
        for (TcbLevel l : info.tcbLevels()) {
            if (sgxAtLeast(pck, l)) {
                if (sgxLevel == null) {
                    sgxLevel = l;
                }
                if (tdxAtLeast(svn, l)) {
                    tdxLevel = l;
                    break;
                }
            }
        }
        if (sgxLevel == null || tdxLevel == null) {
            return notSupported(null, null, null, qe, info);
        }
        int major = svn[1] & 0xFF;
        String moduleId = major > 0 ? moduleId(major) : null;
        ModuleTcbLevel module = null;
        IntelTcbStatus moduleStatus = IntelTcbStatus.UP_TO_DATE;
        if (major > 0) {
            // checkTdxModuleTcbStatus: the first module level (highest ISVSVN first) at or below TEE_TCB_SVN[0].
            TdxModuleIdentity identity = findIdentity(info, major);
            if (identity == null) {
                throw moduleMismatch("TCB info has no module identity " + moduleId);
            }
            int minor = svn[0] & 0xFF;
            for (ModuleTcbLevel l : identity.levels) {
                if (minor >= l.isvSvn) {
                    module = l;
                    break;
                }
            }
            if (module == null) {
                return notSupported(tdxLevel, moduleId, null, qe, info);
            }
            if (module.status == null || !MODULE_STATUSES.contains(module.status)) {
                throw new CollateralUnavailableException("TCB status unrecognized (Intel QVL "
                        + "STATUS_TCB_UNRECOGNIZED_STATUS): the matched level (isvsvn " + module.isvSvn + ") of module "
                        + "identity " + moduleId + " has status '" + module.statusName + "', and a module level may "
                        + "only be UpToDate, OutOfDate or Revoked", null, false);
            }
            moduleStatus = module.status;
        }
        IntelTcbStatus tdxStatus = converge(tdxLevel.status, moduleStatus);
        if (tdxStatus != IntelTcbStatus.REVOKED && body.teeTcbSvn2Ref() != null) {
            tdxStatus = checkForRelaunch(body.teeTcbSvn2Ref(), info, sgxLevel.status, tdxStatus, moduleStatus,
                    qe.status);
        }
        IntelTcbStatus status = tdxStatus == IntelTcbStatus.REVOKED ? tdxStatus : convergeWithQe(tdxStatus, qe.status);
        Set<String> advisories = new LinkedHashSet<>(tdxLevel.advisoryIds);
        if (module != null) {
            advisories.addAll(module.advisoryIds);
        }
        advisories.addAll(qe.advisories);
        return new TcbEvaluation(status, tdxLevel.status, tdxLevel.tcbDate, moduleId,
                module == null ? null : module.status, module == null ? null : module.tcbDate, qe.status,
                qe.levelStatus, qe.date, new ArrayList<>(advisories),
                Math.min(info.tcbEvaluationDataNumber(), qe.tcbEvaluationDataNumber));
    }

    /**
     * QVL {@code checkForRelaunch}, literally: only while the QE is not out of date, revoked or
     * unsupported, the SGX level is UpToDate / SWHardeningNeeded / ConfigurationNeeded /
     * ConfigurationAndSWHardeningNeeded, the TDX status is OutOfDate(ConfigurationNeeded) and the
     * module is OutOfDate. TEE_TCB_SVN2 is then compared with the <em>latest</em> levels only: its
     * minor SVN with the latest module level of its own module identity (or, for a module
     * version 0, with the latest platform level's TDX component 0), its SEAM loader SVN with the
     * latest platform level's TDX component 2. ConfigurationNeeded on either status is kept.
     */
    static IntelTcbStatus checkForRelaunch(byte[] svn2, TcbInfo info, IntelTcbStatus sgxStatus,
            IntelTcbStatus tdxStatus, IntelTcbStatus moduleStatus, IntelTcbStatus qeStatus)
            throws VerificationFailedException {
        boolean qeFine = qeStatus != IntelTcbStatus.OUT_OF_DATE && qeStatus != IntelTcbStatus.REVOKED
                && qeStatus != IntelTcbStatus.NOT_SUPPORTED;
        boolean sgxFine = sgxStatus == IntelTcbStatus.UP_TO_DATE || sgxStatus == IntelTcbStatus.SW_HARDENING_NEEDED
                || sgxStatus == IntelTcbStatus.CONFIGURATION_NEEDED
                || sgxStatus == IntelTcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
        boolean tdxOld = tdxStatus == IntelTcbStatus.OUT_OF_DATE
                || tdxStatus == IntelTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
        if (!qeFine || !sgxFine || !tdxOld || moduleStatus != IntelTcbStatus.OUT_OF_DATE) {
            return tdxStatus;
        }
        TcbLevel latest = info.tcbLevels().get(0);
        int minor2 = svn2[0] & 0xFF;
        int major2 = svn2[1] & 0xFF;
        int loader2 = svn2[2] & 0xFF;
        int wantMinor;
        if (major2 == 0) {
            wantMinor = latest.tdxComponents[0];
        } else {
            TdxModuleIdentity identity2 = findIdentity(info, major2);
            if (identity2 == null) {
                // QVL returns TDX_MODULE_MISMATCH here; its QE convergence then reports it as
                // STATUS_TCB_UNRECOGNIZED_STATUS. Either way the quote is refused.
                throw moduleMismatch("TEE_TCB_SVN2 names module " + moduleId(major2) + ", which the TCB info "
                        + "does not have (QVL checkForRelaunch)");
            }
            wantMinor = identity2.levels.get(0).isvSvn;
        }
        if (minor2 >= wantMinor && loader2 >= latest.tdxComponents[2]) {
            return configurationNeeded(sgxStatus) || configurationNeeded(tdxStatus)
                    ? IntelTcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED : IntelTcbStatus.TD_RELAUNCH_ADVISED;
        }
        return tdxStatus;
    }

    private static boolean configurationNeeded(IntelTcbStatus s) {
        return s == IntelTcbStatus.CONFIGURATION_NEEDED || s == IntelTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED
                || s == IntelTcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED
                || s == IntelTcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
    }

    private static TcbEvaluation notSupported(TcbLevel platform, String moduleId, ModuleTcbLevel module, QeTcbLevel qe,
            TcbInfo info) {
        return new TcbEvaluation(IntelTcbStatus.NOT_SUPPORTED,
                platform == null ? IntelTcbStatus.NOT_SUPPORTED : platform.status,
                platform == null ? null : platform.tcbDate, moduleId,
                moduleId == null ? null : (module == null ? IntelTcbStatus.NOT_SUPPORTED : module.status), null,
                qe.status, qe.levelStatus, qe.date, List.of(),
                Math.min(info.tcbEvaluationDataNumber(), qe.tcbEvaluationDataNumber));
    }

    /** QVL {@code isCpuSvnHigherOrEqual} and the PCESVN comparison of {@code matchTcbLevels}. */
    private static boolean sgxAtLeast(PckExtensions pck, TcbLevel l) {
        int[] comps = pck.componentsRef();
        for (int i = 0; i < 16; i++) {
            if (comps[i] < l.sgxComponents[i]) {
                return false;
            }
        }
        return pck.pceSvn() >= l.pceSvn;
    }

    /** QVL {@code isTdxTcbHigherOrEqual}: from index 2 when TEE_TCB_SVN[1] &gt; 0 (the module identity judges 0 and 1). */
    private static boolean tdxAtLeast(byte[] svn, TcbLevel l) {
        for (int i = (svn[1] & 0xFF) > 0 ? 2 : 0; i < 16; i++) {
            if ((svn[i] & 0xFF) < l.tdxComponents[i]) {
                return false;
            }
        }
        return true;
    }

    /** QVL {@code findTdxModuleIdentity}: the first identity, in document order, whose id matches case-insensitively. */
    private static TdxModuleIdentity findIdentity(TcbInfo info, int major) {
        String id = moduleId(major);
        for (TdxModuleIdentity i : info.tdxModuleIdentities()) {
            if (i.id.equalsIgnoreCase(id)) {
                return i;
            }
        }
        return null;
    }

    /**
     * The identities "TDX_00" to "TDX_FF", built once: formatting one per quote was 1.7 % of a warm
     * TDX verification. Built from two hex digits rather than {@code String.format}, whose
     * {@code Formatter} (and its regular expression) cost a cold one-shot command about 2 ms.
     */
    private static final String[] MODULE_IDS = new String[256];

    static {
        String digits = "0123456789ABCDEF";
        for (int major = 0; major < MODULE_IDS.length; major++) {
            MODULE_IDS[major] = "TDX_" + digits.charAt(major >>> 4) + digits.charAt(major & 0xF);
        }
    }

    static String moduleId(int major) {
        return MODULE_IDS[major & 0xFF];
    }

    /** QVL {@code convergeTcbStatusWithTdxModuleStatus}. */
    static IntelTcbStatus converge(IntelTcbStatus current, IntelTcbStatus module) {
        if (module == IntelTcbStatus.OUT_OF_DATE) {
            switch (current) {
                case UP_TO_DATE:
                case SW_HARDENING_NEEDED:
                    return IntelTcbStatus.OUT_OF_DATE;
                case CONFIGURATION_NEEDED:
                case CONFIGURATION_AND_SW_HARDENING_NEEDED:
                    return IntelTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
                default:
                    break;
            }
        }
        if (module == IntelTcbStatus.REVOKED) {
            return IntelTcbStatus.REVOKED;
        }
        return current;
    }

    /**
     * QVL {@code convergeTcbStatusWithQeTcbStatus}: TCBNotSupported wins; otherwise the QE's status
     * degrades the platform's by the same rules as the TDX module's ({@link #converge}).
     */
    static IntelTcbStatus convergeWithQe(IntelTcbStatus current, IntelTcbStatus qe) {
        if (qe == IntelTcbStatus.NOT_SUPPORTED) {
            return IntelTcbStatus.NOT_SUPPORTED;
        }
        return converge(current, qe);
    }

    private static VerificationFailedException moduleMismatch(String m) {
        return new VerificationFailedException(Reason.BINDING, "TDX module mismatch (Intel QVL "
                + "STATUS_TDX_MODULE_MISMATCH): " + m);
    }
}
