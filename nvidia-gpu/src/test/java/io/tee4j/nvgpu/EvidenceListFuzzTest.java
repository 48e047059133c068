package io.tee4j.nvgpu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.abi.ProtectedPcieFields;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.EvidenceListVerifier;
import io.tee4j.nvgpu.verify.NvGpuClaims;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.time.Instant;
import java.util.List;

/**
 * Jazzer harnesses for the issue-17 parsers of untrusted input: NVIDIA's JSON evidence list (parsed, then
 * verified as a set) and the NVSwitch (LS10) report with its PPCIe fields, verified with the real LS10 chain.
 * Any exception other than the documented checked ones is a finding. The normal test run replays the seeds in
 * {@code EvidenceListFuzzTestInputs/<method>/} (real vectors); {@code JAZZER_FUZZ=1} fuzzes.
 */
class EvidenceListFuzzTest {
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    private static final NvGpuVerifier VERIFIER = NvGpuVerifier.builder().revocationMode(RevocationMode.SKIP_INSECURE)
            .build();
    private static final NvGpuPolicy LAX = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build();
    private static final List<byte[]> SWITCH_CHAIN = switchChain();

    private static List<byte[]> switchChain() {
        try {
            return EvidenceList.parse(Vectors.bytes("wrapped/nvat-switch_evidence_ls10.json")).get(0).certificates();
        } catch (MalformedEvidenceException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void evidenceList(byte[] data) {
        try {
            List<DeviceEvidence> devices = EvidenceList.parse(data);
            new EvidenceListVerifier(VERIFIER).verify(devices, LAX, AT).claims();
        } catch (AttestationException expected) {
            // refused with a typed error: fine
        }
    }

    @FuzzTest(maxDuration = "30s")
    void switchReport(byte[] data) {
        try {
            SpdmMeasurementReport r = SpdmMeasurementReport.parse(data);
            ProtectedPcieFields.switchBiosVersion(r.opaqueData());
            RimIds.vbios(r, DeviceArchitecture.LS10);
            NvGpuClaims.opaque(r.opaqueData(), true).build();
            try {
                ProtectedPcieFields.switchDevicePdi(r.opaqueData());
                ProtectedPcieFields.switchGpuPdis(r.opaqueData());
                ProtectedPcieFields.gpuSwitchPdis(r.opaqueData());
            } catch (MalformedEvidenceException expected) {
                // a missing or short PPCIe field: fine
            }
            Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, data);
            SWITCH_CHAIN.forEach(b::addCertificate);
            VERIFIER.verify(b.build(), LAX, AT).claims();
        } catch (AttestationException expected) {
            // refused with a typed error: fine
        }
    }
}
