package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import io.tee4j.nvgpu.abi.CertificateNames;
import io.tee4j.nvgpu.abi.ProtectedPcieFields;
import io.tee4j.nvgpu.validate.MeasurementResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The outcome of a verified NVIDIA evidence list ({@link EvidenceListVerifier}): one {@link NvGpuAttestationResult}
 * per device, in list order, and whether the protected-PCIe topology was checked. Its claims hold a
 * {@code devices} array (per device: index, kind, architecture, PDI, hardware model, versions, RIM result,
 * protected-PCIe fields) and a {@code topology} object; its warnings are the devices' warnings, each naming its
 * device. The common claims' report data is the one nonce all devices were requested with; debug is true and
 * the TCB status not evaluated unless every device's measurements were appraised.
 *
 * @since 0.2
 */
public final class EvidenceListResult implements AttestationResult {
    private final List<NvGpuAttestationResult> devices;
    private final boolean topologyChecked;
    private final Instant verifiedAt;

    EvidenceListResult(List<NvGpuAttestationResult> devices, boolean topologyChecked, Instant verifiedAt) {
        this.devices = List.copyOf(devices);
        this.topologyChecked = topologyChecked;
        this.verifiedAt = verifiedAt;
    }

    /** Every device's result, in list order. */
    public List<NvGpuAttestationResult> devices() {
        return devices;
    }

    /** Whether the protected-PCIe topology check ran (and passed). */
    public boolean topologyChecked() {
        return topologyChecked;
    }

    /** The nonce every device was requested with. */
    public byte[] nonce() {
        return devices.get(0).report().requestNonce();
    }

    private boolean allAppraised() {
        return devices.stream().allMatch(d -> d.measurementResult() == MeasurementResult.SUCCESS);
    }

    @Override
    public TeeType tee() {
        return TeeType.NVIDIA_GPU;
    }

    @Override
    public CommonClaims commonClaims() {
        return CommonClaims.builder(TeeType.NVIDIA_GPU).reportData(nonce()).debug(!allAppraised())
                .tcbStatus(allAppraised() ? TcbStatus.UP_TO_DATE : TcbStatus.NOT_EVALUATED)
                .platformId(devices.get(0).ueid()).build();
    }

    @Override
    public Claims claims() {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            list.add(deviceClaims(i, devices.get(i)));
        }
        long switches = devices.stream().filter(d -> d.architecture().isSwitch()).count();
        return Claims.builder()
                .put("overall", "verified")
                .put("nonce", HexFormat.of().formatHex(nonce()))
                .put("gpuCount", devices.size() - switches)
                .put("switchCount", switches)
                .put("topology", Claims.builder().put("checked", topologyChecked)
                        .put("result", topologyChecked ? "passed" : "not checked (no NVSwitch presented, requirePpcie off)"))
                .put("devices", list)
                .build();
    }

    /** One device's summary claims; its full claims are in {@link NvGpuAttestationResult#claims()}. */
    static Claims deviceClaims(int index, NvGpuAttestationResult d) {
        boolean sw = d.architecture().isSwitch();
        Claims.Builder b = Claims.builder()
                .put("index", index)
                .put("kind", sw ? "switch" : "gpu")
                .put("arch", d.architecture().name())
                .put("verified", true)
                .put("hwmodel", d.hardwareModel())
                .put("ueid", d.ueid())
                .put("pdi", ProtectedPcieFields.pdiFromBromSerial(CertificateNames.serialNumber(d.deviceChain().get(1)),
                        sw).orElse(null))
                .put("measres", d.measurementResult().claimValue());
        Claims full = d.claims();
        for (String key : List.of("x-nvidia-gpu-driver-version", "x-nvidia-gpu-vbios-version")) {
            b.put(key.substring("x-nvidia-gpu-".length()), full.get(key));
        }
        try {
            if (sw) {
                b.put("gpuPdis", ProtectedPcieFields.switchGpuPdis(d.report().opaqueData()));
            } else {
                b.put("featureFlag", ProtectedPcieFields.featureFlag(d.report().opaqueData()).orElse(null));
                b.put("protectedPcie", ProtectedPcieFields.ppcieMode(d.report().opaqueData()));
                b.put("switchPdis", ProtectedPcieFields.gpuSwitchPdis(d.report().opaqueData()).stream().distinct()
                        .sorted().toList());
            }
        } catch (io.tee4j.core.MalformedEvidenceException e) {
            b.put("pcieFieldsError", e.getMessage());
        }
        b.put("warnings", d.warnings());
        return b.build();
    }

    /**
     * The set's verification facts: revocation counts as checked only when it was for every
     * device, the TCB status is up to date only when every device's measurements were appraised,
     * and each device's warnings are prefixed with its index.
     */
    @Override
    public VerificationInfo verification() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            for (String w : devices.get(i).warnings()) {
                out.add("device " + i + ": " + w);
            }
        }
        boolean explicit = devices.stream().anyMatch(NvGpuAttestationResult::explicitTrustAnchors);
        boolean revocation = devices.stream().allMatch(d -> d.verification().revocationChecked());
        return new VerificationInfo(verifiedAt, VerificationInfo.origin(explicit), revocation,
                allAppraised() ? TcbStatus.UP_TO_DATE : TcbStatus.NOT_EVALUATED, out);
    }

    @Override
    public String toString() {
        return "EvidenceListResult[" + devices.size() + " devices, topology " + (topologyChecked ? "checked" : "not checked")
                + "]";
    }
}
