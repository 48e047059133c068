package io.tee4j.snp.verify;

import io.tee4j.core.TcbStatus;
import io.tee4j.core.VerificationInfo;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.validate.SnpPolicy;
import java.time.Instant;
import java.util.List;

/**
 * Verification step: the result of a report that passed every check, with the warnings a relying
 * party must see (debug accepted, host-chosen REPORT_DATA, provisional firmware, TCB not evaluated,
 * explicit roots).
 */
final class ResultAssembly {
    private ResultAssembly() {
    }

    static SnpAttestationResult result(AttestationReport report, VerifiedLeaf leaf, SnpPolicy policy, SnpTrustAnchors roots,
            List<String> warnings, Instant now, boolean revocationChecked) {
        if (policy.allowDebug() && report.policy().debugAllowed()) {
            warnings.add("the guest allows debugging (accepted because the policy allows debug by name)");
        }
        boolean hostChosenReportData = SnpPolicy.hostRequested(report);
        if (hostChosenReportData) {
            warnings.add(SnpPolicy.HOST_REQUESTED_REPORT + " accepted by name (VMPL "
                    + String.format("0x%x", report.vmpl()) + "): REPORT_DATA was chosen by the host, so a nonce or key "
                    + "in it binds nothing");
        }
        List<String> provisional = SnpPolicy.provisional(report);
        if (!provisional.isEmpty()) {
            warnings.add("provisional firmware accepted: " + String.join("; ", provisional));
        }
        // AMD publishes no TCB-status service: meeting the relying party's own minimum is all that is
        // known, and never reported as the vendor's "up to date".
        TcbStatus status = policy.minimumTcb().isPresent() ? TcbStatus.MEETS_POLICY_MINIMUM : TcbStatus.NOT_EVALUATED;
        if (status == TcbStatus.NOT_EVALUATED) {
            warnings.add("TCB not evaluated: the policy sets no minimum TCB");
        }
        if (roots.isExplicit()) {
            warnings.add("verified against explicitly supplied roots, not AMD's bundled roots");
        }
        return new SnpAttestationResult(report, leaf.product, leaf.chain, leaf.extensions,
                new VerificationInfo(now, VerificationInfo.origin(roots.isExplicit()), revocationChecked, status,
                        warnings), policy.measurementAppraised(report),
                hostChosenReportData, policy.referenceEntry(report));
    }
}
