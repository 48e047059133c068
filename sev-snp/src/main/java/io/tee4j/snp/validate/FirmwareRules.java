package io.tee4j.snp.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.TcbComponents;
import io.tee4j.snp.abi.TcbVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Policy rules on the platform's firmware: minimum build, API version and TCB (of the current,
 * committed and reported values; see {@link SnpPolicy}), minimum launch TCB, provisional firmware,
 * platform-info bits and the mitigation vectors.
 */
final class FirmwareRules {
    private FirmwareRules() {
    }

    static void checkVersions(SnpPolicy p, AttestationReport r, List<PolicyViolation> v) {
        if (r.currentBuild() < p.minimumBuild) {
            v.add(new PolicyViolation("minimumBuild", "current firmware build " + r.currentBuild()
                    + " is below the minimum " + p.minimumBuild));
        }
        if (r.committedBuild() < p.minimumBuild) {
            v.add(new PolicyViolation("minimumBuild", "committed firmware build " + r.committedBuild()
                    + " is below the minimum " + p.minimumBuild));
        }
        api(v, "current", r.currentMajor(), r.currentMinor(), p);
        api(v, "committed", r.committedMajor(), r.committedMinor(), p);
        if (p.minimumTcb != null) {
            tcb(v, "minimumTcb", "current TCB", r.currentTcb(), p.minimumTcb);
            tcb(v, "minimumTcb", "committed TCB", r.committedTcb(), p.minimumTcb);
            tcb(v, "minimumTcb", "reported TCB", r.reportedTcb(), p.minimumTcb);
        }
        if (p.minimumLaunchTcb != null) {
            tcb(v, "minimumLaunchTcb", "launch TCB", r.launchTcb(), p.minimumLaunchTcb);
        }
        if (!p.permitProvisionalFirmware) {
            for (String d : committedDiffersFromCurrent(r)) {
                v.add(new PolicyViolation("permitProvisionalFirmware", d + " (provisional firmware is not permitted)"));
            }
        }
        long pi = r.platformInfo().raw();
        if ((pi & ~p.allowedPlatformInfoBits) != 0) {
            v.add(new PolicyViolation("allowedPlatformInfoBits", String.format(
                    "platform info bits 0x%x are not allowed (allowed mask 0x%x)", pi & ~p.allowedPlatformInfoBits,
                    p.allowedPlatformInfoBits)));
        }
        if ((pi & p.requiredPlatformInfoBits) != p.requiredPlatformInfoBits) {
            v.add(new PolicyViolation("requiredPlatformInfoBits", String.format(
                    "platform info lacks required bits 0x%x", p.requiredPlatformInfoBits & ~pi)));
        }
    }

    static void checkMitigations(SnpPolicy p, AttestationReport r, List<PolicyViolation> v) {
        mitigation(v, "requiredLaunchMitigations", "launch", r.launchMitigationVector(), p.requiredLaunchMitigations);
        mitigation(v, "requiredCurrentMitigations", "current", r.currentMitigationVector(),
                p.requiredCurrentMitigations);
    }

    private static void api(List<PolicyViolation> v, String which, int major, int minor, SnpPolicy p) {
        if (SnpPolicy.cmpVersion(major, minor, p.minimumApiMajor, p.minimumApiMinor) < 0) {
            v.add(new PolicyViolation("minimumApiVersion", which + " firmware API " + major + "." + minor
                    + " is below the minimum " + p.minimumApiMajor + "." + p.minimumApiMinor));
        }
    }

    /** go's rule when provisional firmware is not permitted: committed equals current, exactly. */
    private static List<String> committedDiffersFromCurrent(AttestationReport r) {
        List<String> out = new ArrayList<>();
        if (r.committedTcb().raw() != r.currentTcb().raw()) {
            out.add("committed TCB " + r.committedTcb().hex() + " differs from current TCB " + r.currentTcb().hex());
        }
        if (r.committedBuild() != r.currentBuild()) {
            out.add("committed build " + r.committedBuild() + " differs from current build " + r.currentBuild());
        }
        if (r.committedMajor() != r.currentMajor() || r.committedMinor() != r.currentMinor()) {
            out.add("committed API " + r.committedMajor() + "." + r.committedMinor() + " differs from current API "
                    + r.currentMajor() + "." + r.currentMinor());
        }
        return out;
    }

    private static void mitigation(List<PolicyViolation> v, String ruleId, String which, OptionalLong have,
            long required) {
        if (required == 0) {
            return;
        }
        if (have.isEmpty()) {
            v.add(new PolicyViolation(ruleId, "required " + which + " mitigation vector bits "
                    + String.format("0x%x", required) + " cannot be checked: the report is older than version 5"));
        } else if ((have.getAsLong() & required) != required) {
            v.add(new PolicyViolation(ruleId, String.format("%s mitigation vector 0x%x lacks required bits 0x%x",
                    which, have.getAsLong(), required & ~have.getAsLong())));
        }
    }

    private static void tcb(List<PolicyViolation> v, String ruleId, String name, TcbVersion have, TcbComponents min) {
        List<String> s = have.components().shortfalls(min);
        if (!s.isEmpty()) {
            v.add(new PolicyViolation(ruleId, name + " " + have.hex() + " is below the minimum: " + String.join(", ", s)));
        }
    }
}
