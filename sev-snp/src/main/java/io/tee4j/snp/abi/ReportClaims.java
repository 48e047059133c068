package io.tee4j.snp.abi;

import io.tee4j.core.Claims;

/**
 * Renders a parsed report as a claims tree, every field: what the report states, verified or not
 * (the verifier's result and the backend's report inspection both use it).
 */
public final class ReportClaims {
    private ReportClaims() {
    }

    public static Claims.Builder of(AttestationReport r) {
        Claims.Builder c = Claims.builder();
        c.put("version", r.version());
        c.put("productLine", r.productLine().map(p -> p.kdsName()).orElse(null));
        c.put("productSource", r.productSource());
        c.put("tcbLayout", r.tcbLayout().name());
        c.put("guestSvn", r.guestSvn());
        c.put("policy", policy(r.policy()));
        c.put("familyId", r.familyId());
        c.put("imageId", r.imageId());
        c.put("vmpl", r.vmpl());
        c.put("signatureAlgorithm", r.signatureAlgorithm());
        c.put("currentTcb", tcb(r.currentTcb()));
        c.put("platformInfo", platform(r.platformInfo()));
        c.put("signerInfo", signer(r.signerInfo()));
        c.put("reportData", r.reportData());
        c.put("measurement", r.measurement());
        c.put("hostData", r.hostData());
        c.put("idKeyDigest", r.idKeyDigest());
        c.put("authorKeyDigest", r.authorKeyDigest());
        c.put("reportId", r.reportId());
        c.put("reportIdMa", r.reportIdMa());
        c.put("reportedTcb", tcb(r.reportedTcb()));
        if (r.cpuidFamily().isPresent()) {
            c.put("cpuid", Claims.builder().put("family", r.cpuidFamily().getAsInt())
                    .put("model", r.cpuidModel().getAsInt()).put("stepping", r.cpuidStepping().getAsInt()));
        }
        c.put("chipId", r.chipId());
        c.put("committedTcb", tcb(r.committedTcb()));
        c.put("currentVersion", Claims.builder().put("major", r.currentMajor()).put("minor", r.currentMinor())
                .put("build", r.currentBuild()));
        c.put("committedVersion", Claims.builder().put("major", r.committedMajor()).put("minor", r.committedMinor())
                .put("build", r.committedBuild()));
        c.put("launchTcb", tcb(r.launchTcb()));
        if (r.launchMitigationVector().isPresent()) {
            c.put("launchMitigationVector", hex(r.launchMitigationVector().getAsLong()));
            c.put("currentMitigationVector", hex(r.currentMitigationVector().getAsLong()));
        }
        c.put("signature", Claims.builder().put("r", r.signatureR()).put("s", r.signatureS()));
        return c;
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v); // as String.format("0x%x", v), without a format parse per claim
    }

    public static Claims.Builder tcb(TcbVersion t) {
        Claims.Builder c = Claims.builder().put("raw", t.hex());
        if (t.layout() == TcbLayout.TURIN) {
            c.put("fmc", t.fmc());
        }
        return c.put("bootloader", t.bootloader()).put("tee", t.tee()).put("snp", t.snp())
                .put("microcode", t.microcode());
    }

    private static Claims.Builder policy(GuestPolicy p) {
        return Claims.builder().put("raw", hex(p.raw())).put("abiMajor", p.abiMajor()).put("abiMinor", p.abiMinor())
                .put("smt", p.smtAllowed()).put("migrateMa", p.migrationAgentAllowed()).put("debug", p.debugAllowed())
                .put("singleSocket", p.singleSocketRequired()).put("cxlAllow", p.cxlAllowed())
                .put("memAes256Xts", p.memAes256XtsRequired()).put("raplDis", p.raplDisabled())
                .put("ciphertextHiding", p.ciphertextHidingRequired()).put("pageSwapDisable", p.pageSwapDisabled())
                .put("unknownBits", hex(p.unknownBits()));
    }

    private static Claims.Builder platform(PlatformInfo p) {
        return Claims.builder().put("raw", hex(p.raw())).put("smtEnabled", p.smtEnabled())
                .put("tsmeEnabled", p.tsmeEnabled()).put("eccEnabled", p.eccEnabled())
                .put("raplDisabled", p.raplDisabled()).put("ciphertextHidingEnabled", p.ciphertextHidingEnabled())
                .put("aliasCheckComplete", p.aliasCheckComplete()).put("tioEnabled", p.tioEnabled())
                .put("unknownBits", hex(p.unknownBits()));
    }

    private static Claims.Builder signer(SignerInfo s) {
        return Claims.builder().put("authorKeyEnabled", s.authorKeyEnabled()).put("maskChipKey", s.maskChipKey())
                .put("signingKey", s.signingKey().name());
    }
}
