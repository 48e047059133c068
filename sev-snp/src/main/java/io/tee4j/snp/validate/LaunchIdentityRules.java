package io.tee4j.snp.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.snp.abi.AttestationReport;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Policy rules on what the guest is and was asked: the minimum guest SVN, the exact values
 * (REPORT_DATA, HOST_DATA, image, family and report ids, chip id) and the allowed measurements.
 */
final class LaunchIdentityRules {
    private LaunchIdentityRules() {
    }

    static void check(SnpPolicy p, AttestationReport r, List<PolicyViolation> v) {
        if (r.guestSvn() < p.minimumGuestSvn) {
            v.add(new PolicyViolation("minimumGuestSvn", "guest SVN " + r.guestSvn() + " is below the minimum "
                    + p.minimumGuestSvn));
        }
        exact(v, "reportData", "report data", p.reportData, r.reportData());
        exact(v, "hostData", "host data", p.hostData, r.hostData());
        exact(v, "imageId", "image id", p.imageId, r.imageId());
        exact(v, "familyId", "family id", p.familyId, r.familyId());
        exact(v, "reportId", "report id", p.reportId, r.reportId());
        exact(v, "reportIdMa", "migration agent report id", p.reportIdMa, r.reportIdMa());
        exact(v, "chipId", "chip id", p.chipId, r.chipId());
        if (!p.measurements.isEmpty() && !SnpPolicy.containsBytes(p.measurements, r.measurement())) {
            v.add(new PolicyViolation("measurements", "measurement " + HexFormat.of().formatHex(r.measurement())
                    + " is not one of the " + p.measurements.size() + " allowed"));
        }
    }

    private static void exact(List<PolicyViolation> v, String ruleId, String name, byte[] want, byte[] have) {
        if (want != null && !MessageDigest.isEqual(want, have)) {
            v.add(new PolicyViolation(ruleId, name + " " + HexFormat.of().formatHex(have) + " is not the required "
                    + HexFormat.of().formatHex(want)));
        }
    }
}
