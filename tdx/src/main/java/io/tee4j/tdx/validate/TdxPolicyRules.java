package io.tee4j.tdx.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.abi.TdxQuote;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of a {@link TdxPolicy}, in groups, each adding a {@link PolicyViolation} whose rule id
 * is the policy document's key for the failed setting. Called in the order the policy documents
 * them, so the violations come out in that order.
 */
final class TdxPolicyRules {
    private static final HexFormat HEX = HexFormat.of();

    private TdxPolicyRules() {
    }

    /** {@code acceptedTcbStatuses} and {@code allowDebug}. */
    static void statusAndDebug(TdxPolicy p, TcbEvaluation tcb, TdReportBody body, List<PolicyViolation> v) {
        if (!p.acceptedStatuses.contains(tcb.status())) {
            v.add(new PolicyViolation("acceptedTcbStatuses", "TCB status " + tcb.status().intelName() + " ("
                    + tcb.status().common().name() + ") is not accepted (accepted: " + p.names() + ")"));
        }
        if (body.tdAttributes().debug() && !p.allowDebug) {
            v.add(new PolicyViolation("allowDebug", "TD is in debug mode (TDATTRIBUTES bit 0 set); debug TDs are "
                    + "rejected unless allowed by name"));
        }
    }

    /** {@code mrtd}, {@code mrseam}, {@code rtmr0..3}, {@code mrConfigId}, {@code mrOwner}, {@code mrOwnerConfig}. */
    static void measurements(TdxPolicy p, TdReportBody body, List<PolicyViolation> v) {
        if (!p.mrTds.isEmpty() && p.mrTds.stream().noneMatch(m -> Arrays.equals(m, body.mrTd()))) {
            v.add(new PolicyViolation("mrtd", "MRTD " + HEX.formatHex(body.mrTd()) + " is not one of the "
                    + p.mrTds.size() + " accepted values"));
        }
        if (!p.mrSeams.isEmpty() && p.mrSeams.stream().noneMatch(m -> Arrays.equals(m, body.mrSeam()))) {
            v.add(new PolicyViolation("mrseam", "MRSEAM " + HEX.formatHex(body.mrSeam()) + " is not one of the "
                    + p.mrSeams.size() + " accepted values"));
        }
        for (int i = 0; i < 4; i++) {
            if (p.rtmrs[i] != null && !Arrays.equals(p.rtmrs[i], body.rtmr(i))) {
                v.add(new PolicyViolation("rtmr" + i, "RTMR" + i + " is " + HEX.formatHex(body.rtmr(i))
                        + ", expected " + HEX.formatHex(p.rtmrs[i])));
            }
        }
        exact(v, "mrConfigId", "MRCONFIGID", p.mrConfigId, body.mrConfigId());
        exact(v, "mrOwner", "MROWNER", p.mrOwner, body.mrOwner());
        exact(v, "mrOwnerConfig", "MROWNERCONFIG", p.mrOwnerConfig, body.mrOwnerConfig());
    }

    /** {@code xfam} and {@code tdAttributes}, each under its mask. */
    static void attributes(TdxPolicy p, TdReportBody body, List<PolicyViolation> v) {
        if ((body.xfam().value() & p.xfamMask) != (p.xfamValue & p.xfamMask)) {
            v.add(new PolicyViolation("xfam", String.format("XFAM 0x%016x does not match 0x%016x under mask 0x%016x",
                    body.xfam().value(), p.xfamValue, p.xfamMask)));
        }
        if ((body.tdAttributes().value() & p.tdAttributesMask) != (p.tdAttributesValue & p.tdAttributesMask)) {
            v.add(new PolicyViolation("tdAttributes", String.format("TDATTRIBUTES 0x%016x do not match 0x%016x "
                    + "under mask 0x%016x", body.tdAttributes().value(), p.tdAttributesValue, p.tdAttributesMask)));
        }
    }

    /**
     * {@code minimumTeeTcbSvn}, {@code minimumQeSvn}, {@code minimumPceSvn}, {@code reportData},
     * {@code qeVendorId}, {@code minimumTcbEvaluationDataNumber} and {@code rejectedAdvisoryIds}.
     */
    static void platform(TdxPolicy p, TdxQuote quote, TcbEvaluation tcb, PckExtensions pck,
            List<PolicyViolation> v) {
        TdReportBody body = quote.body();
        if (p.minimumTeeTcbSvn != null) {
            for (int i = 0; i < 16; i++) {
                if (body.teeTcbSvn(i) < (p.minimumTeeTcbSvn[i] & 0xFF)) {
                    v.add(new PolicyViolation("minimumTeeTcbSvn", "TEE_TCB_SVN " + HEX.formatHex(body.teeTcbSvn())
                            + " is below the minimum " + HEX.formatHex(p.minimumTeeTcbSvn) + " at component " + i));
                    break;
                }
            }
        }
        if (p.minimumQeSvn != null && quote.qeReport().isvSvn() < p.minimumQeSvn) {
            v.add(new PolicyViolation("minimumQeSvn", "QE ISVSVN " + quote.qeReport().isvSvn()
                    + " is below the minimum " + p.minimumQeSvn));
        }
        if (p.minimumPceSvn != null && pck.pceSvn() < p.minimumPceSvn) {
            v.add(new PolicyViolation("minimumPceSvn", "PCESVN " + pck.pceSvn() + " is below the minimum "
                    + p.minimumPceSvn));
        }
        if (p.reportData != null && !MessageDigest.isEqual(p.reportData, body.reportData())) {
            v.add(new PolicyViolation("reportData", "report data does not match the expected value"));
        }
        exact(v, "qeVendorId", "QE vendor ID", p.qeVendorId, quote.qeVendorId());
        if (p.minimumTcbEvaluationDataNumber != null
                && tcb.tcbEvaluationDataNumber() < p.minimumTcbEvaluationDataNumber) {
            v.add(new PolicyViolation("minimumTcbEvaluationDataNumber", "TCB evaluation data number "
                    + tcb.tcbEvaluationDataNumber() + " (the smaller of the TCB info's and the QE identity's) is "
                    + "below the minimum " + p.minimumTcbEvaluationDataNumber));
        }
        for (String a : tcb.advisoryIds()) {
            if (p.rejectedAdvisoryIds.contains(a.toUpperCase(Locale.ROOT))) {
                v.add(new PolicyViolation("rejectedAdvisoryIds", "advisory " + a + " applies to this platform and is "
                        + "rejected"));
            }
        }
    }

    private static void exact(List<PolicyViolation> v, String ruleId, String name, byte[] want, byte[] have) {
        if (want != null && !Arrays.equals(want, have)) {
            v.add(new PolicyViolation(ruleId, name + " is " + HEX.formatHex(have) + ", expected "
                    + HEX.formatHex(want)));
        }
    }

    /**
     * {@code referenceManifest}: the TD must carry MRTD and every RTMR one entry derives; the values
     * are derived from the artifacts by {@code tee4j-measure}, not here.
     */
    static void referenceManifest(TdxPolicy p, TdReportBody body, List<PolicyViolation> v) {
        if (!p.referenceManifest.isEmpty() && referenceEntry(p, body).isEmpty()) {
            v.add(new PolicyViolation("referenceManifest", p.referenceManifest.mismatch(registers(body))));
        }
    }

    static Optional<String> referenceEntry(TdxPolicy p, TdReportBody body) {
        if (p.referenceManifest.isEmpty()) {
            // Every result asks; without entries nothing can match, so the five register copies
            // and the map (a fifth of a warm verification's allocation outside the quote copy) are
            // not made.
            return Optional.empty();
        }
        return p.referenceManifest.match(registers(body));
    }

    private static Map<String, byte[]> registers(TdReportBody body) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("mrtd", body.mrTd());
        for (int i = 0; i < 4; i++) {
            m.put("rtmr" + i, body.rtmr(i));
        }
        return m;
    }
}
