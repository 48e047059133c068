package io.tee4j.snp.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.snp.abi.AttestationReport;
import java.util.HexFormat;
import java.util.List;

/**
 * Policy rules on who asked for the report and who vouched for the launch: a host-requested report
 * (VMPL above 3) unless accepted by name, the exact VMPL, and the ID block's author or ID key among
 * the trusted digests.
 */
final class LaunchAuthorityRules {
    private LaunchAuthorityRules() {
    }

    static void check(SnpPolicy p, AttestationReport r, List<PolicyViolation> v) {
        if (SnpPolicy.hostRequested(r) && !p.allowHostRequestedReports) {
            v.add(new PolicyViolation("allowHostRequestedReports", SnpPolicy.HOST_REQUESTED_REPORT + ": VMPL "
                    + String.format("0x%x", r.vmpl()) + " is above 3, so the hypervisor, not the guest, requested this "
                    + "report and chose its REPORT_DATA; accept it by name (allowHostRequestedReports) only where "
                    + "nothing relies on REPORT_DATA"));
        }
        if (p.vmpl != null && r.vmpl() != p.vmpl) {
            v.add(new PolicyViolation("vmpl", "VMPL " + r.vmpl() + " is not the required " + p.vmpl));
        }
        boolean authorTrusted = r.signerInfo().authorKeyEnabled()
                && SnpPolicy.containsBytes(p.trustedAuthorKeyHashes, r.authorKeyDigest());
        if (p.requireAuthorKey && !authorTrusted) {
            v.add(new PolicyViolation("requireAuthorKey", r.signerInfo().authorKeyEnabled()
                    ? "the ID block's author key is not trusted"
                    : "the report has no author key (AUTHOR_KEY_EN clear), but one is required"));
        }
        if (p.requireIdBlock && !(SnpPolicy.containsBytes(p.trustedIdKeyHashes, r.idKeyDigest()) || authorTrusted)) {
            v.add(new PolicyViolation("requireIdBlock", "the ID block's key (digest "
                    + HexFormat.of().formatHex(r.idKeyDigest()) + ") is not trusted and no trusted author key "
                    + "vouches for it"));
        }
    }
}
