package io.tee4j.snp.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.snp.abi.AttestationReport;
import java.util.List;

/** Policy rules on what kind of report it is: version, signing key, product line. */
final class ReportKindRules {
    private ReportKindRules() {
    }

    static void check(SnpPolicy p, AttestationReport r, List<PolicyViolation> v) {
        if (r.version() < p.minimumReportVersion) {
            v.add(new PolicyViolation("minimumReportVersion", "report version " + r.version()
                    + " is below the minimum " + p.minimumReportVersion));
        }
        if (!p.allowedSigningKeys.contains(r.signerInfo().signingKey())) {
            v.add(new PolicyViolation("allowedSigningKeys", "report signed by " + r.signerInfo().signingKey()
                    + ", allowed: " + p.allowedSigningKeys));
        }
        if (r.productLine().isPresent() && !p.productLines.contains(r.productLine().get())) {
            v.add(new PolicyViolation("productLines", "product line " + r.productLine().get().kdsName()
                    + " is not allowed: " + p.productLines));
        }
    }
}
