package io.tee4j.nvgpu.verify;

import io.tee4j.core.Claims;
import io.tee4j.nvgpu.validate.MeasurementAppraisal;
import io.tee4j.nvgpu.validate.MeasurementResult;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A verified device as NVIDIA's detached EAT claim set, claims version 3.0 (the per-device set NVIDIA's local
 * verifiers and NRAS put in a detached token, and nvattest prints in its {@code claims} array), so tools written
 * for NVIDIA's claims can take tee4j's: {@code measres}, the {@code x-nvidia-gpu-*} (switch:
 * {@code x-nvidia-switch-*}) report, RIM and certificate-chain claims, {@code eat_nonce}, {@code hwmodel},
 * {@code ueid}, {@code oemid}, {@code secboot}, {@code dbgstat} and {@code x-nvidia-gpu-claims-version}.
 *
 * <p>Only what tee4j verified is claimed true: RIM claims are false when measurements were not appraised, the OCSP
 * status is "good" only when revocation was checked ("unknown" otherwise), and the set is not signed (tee4j
 * prints the claims, not a JWT). Claims tee4j has no counterpart for are left out.
 *
 * @since 0.2
 */
public final class NvidiaEatClaims {
    /** The claims version emitted. */
    public static final String CLAIMS_VERSION = "3.0";

    private NvidiaEatClaims() {
    }

    /** One claim set per device, in list order. */
    public static List<Claims> detached(EvidenceListResult list) {
        List<Claims> out = new ArrayList<>();
        list.devices().forEach(d -> out.add(detached(d)));
        return out;
    }

    /** The detached claim set of one verified device. */
    public static Claims detached(NvGpuAttestationResult r) {
        boolean sw = r.architecture().isSwitch();
        String p = sw ? "x-nvidia-switch-" : "x-nvidia-gpu-";
        String fw = sw ? "bios" : "vbios";
        boolean appraised = r.measurementResult() == MeasurementResult.SUCCESS;
        Claims.Builder c = Claims.builder()
                .put("measres", r.measurementResult().claimValue())
                .put(p + "arch-check", true)
                .put(p + "architecture", r.architecture().name())
                .put(p + "claims-version", CLAIMS_VERSION)
                .put(p + "attestation-report-cert-chain", chain(r.verification().revocationChecked()))
                .put(p + "attestation-report-cert-chain-fwid-match", !sw || r.report().opaqueData().fwid().isPresent())
                .put(p + "attestation-report-parsed", true)
                .put(p + "attestation-report-nonce-match", r.nonceChecked())
                .put(p + "attestation-report-signature-verified", true);
        if (!sw) {
            rim(c, p + "driver-rim-", appraised, r.verification().revocationChecked());
            c.put(p + "driver-version", r.report().opaqueData().driverVersion().orElse(null));
        }
        rim(c, p + fw + "-rim-", appraised, r.verification().revocationChecked());
        c.put(p + fw + "-version", MeasurementAppraisal.firmwareVersion(r.report(), r.architecture()))
                .put(p + "vbios-index-no-conflict", appraised)
                .put("x-nvidia-mismatch-measurement-records", null)
                .put("eat_nonce", HexFormat.of().formatHex(r.report().requestNonce()))
                .put("hwmodel", r.hardwareModel())
                .put("ueid", r.ueid())
                .put("oemid", NvGpuAttestationResult.OEM_ID)
                .put("secboot", appraised)
                .put("dbgstat", r.debugStatus());
        return c.build();
    }

    private static void rim(Claims.Builder c, String prefix, boolean appraised, boolean revocationChecked) {
        c.put(prefix + "cert-chain", appraised ? chain(revocationChecked) : null)
                .put(prefix + "fetched", appraised)
                .put(prefix + "measurements-available", appraised)
                .put(prefix + "schema-validated", appraised)
                .put(prefix + "signature-verified", appraised)
                .put(prefix + "version-match", appraised);
    }

    private static Claims chain(boolean revocationChecked) {
        return Claims.builder().put("x-nvidia-cert-status", "valid")
                .put("x-nvidia-cert-ocsp-status", revocationChecked ? "good" : "unknown").build();
    }
}
