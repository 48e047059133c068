package io.tee4j.snp.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.GuestPolicy;
import java.util.List;

/**
 * Policy rules on the guest policy the guest was launched with (and the platform's SMT state):
 * debug, migration agent, SMT, CXL, reserved bits, the required-feature bits and the minimum ABI.
 */
final class GuestPolicyRules {
    private GuestPolicyRules() {
    }

    static void check(SnpPolicy p, AttestationReport r, List<PolicyViolation> v) {
        GuestPolicy gp = r.policy();
        if (gp.debugAllowed() && !p.allowDebug) {
            v.add(new PolicyViolation("allowDebug", "guest policy allows debugging (bit 19): the host can read and "
                    + "write the guest's memory; allow it by name (allowDebug) only for test guests"));
        }
        if (gp.migrationAgentAllowed() && !p.allowMigrationAgent) {
            v.add(new PolicyViolation("allowMigrationAgent",
                    "guest policy allows a migration agent (bit 18), which is not allowed"));
        }
        if (gp.smtAllowed() && !p.allowSmt) {
            v.add(new PolicyViolation("allowSmt", "guest policy allows SMT (bit 16), which is not allowed"));
        }
        if (r.platformInfo().smtEnabled() && !p.allowSmt) {
            v.add(new PolicyViolation("allowSmt",
                    "platform has SMT enabled (platform info bit 0), which is not allowed"));
        }
        if (gp.cxlAllowed() && !p.allowCxl) {
            v.add(new PolicyViolation("allowCxl", "guest policy allows CXL memory (bit 21), which is not allowed"));
        }
        if (gp.unknownBits() != 0 && !p.permitUnknownGuestPolicyBits) {
            v.add(new PolicyViolation("permitUnknownGuestPolicyBits",
                    String.format("guest policy has reserved bits set (0x%x)", gp.unknownBits())));
        }
        requireFeatures(p, gp, v);
        if (SnpPolicy.cmpVersion(gp.abiMajor(), gp.abiMinor(), p.minimumAbiMajor, p.minimumAbiMinor) < 0) {
            v.add(new PolicyViolation("minimumAbi", "guest policy ABI " + gp.abiMajor() + "." + gp.abiMinor()
                    + " is below the minimum " + p.minimumAbiMajor + "." + p.minimumAbiMinor));
        }
    }

    private static void requireFeatures(SnpPolicy p, GuestPolicy gp, List<PolicyViolation> v) {
        if (p.requireSingleSocket && !gp.singleSocketRequired()) {
            v.add(new PolicyViolation("requireSingleSocket", "guest policy does not require a single socket (bit 20)"));
        }
        if (p.requireAes256Xts && !gp.memAes256XtsRequired()) {
            v.add(new PolicyViolation("requireAes256Xts",
                    "guest policy does not require AES-256-XTS memory encryption (bit 22)"));
        }
        if (p.requireRaplDisabled && !gp.raplDisabled()) {
            v.add(new PolicyViolation("requireRaplDisabled",
                    "guest policy does not require RAPL to be disabled (bit 23)"));
        }
        if (p.requireCiphertextHiding && !gp.ciphertextHidingRequired()) {
            v.add(new PolicyViolation("requireCiphertextHiding",
                    "guest policy does not require ciphertext hiding (bit 24)"));
        }
        if (p.requirePageSwapDisabled && !gp.pageSwapDisabled()) {
            v.add(new PolicyViolation("requirePageSwapDisabled",
                    "guest policy does not disable page swapping (bit 25)"));
        }
    }
}
