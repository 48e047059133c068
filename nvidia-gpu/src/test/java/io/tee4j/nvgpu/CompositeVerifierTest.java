package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.composite.CompositeBinding;
import io.tee4j.nvgpu.composite.CompositeResult;
import io.tee4j.nvgpu.composite.CompositeVerifier;
import io.tee4j.nvgpu.internal.NvGpuBackend;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CompositeVerifier} with NVIDIA's real 4-GPU list and a stand-in CPU verifier whose report data is what a
 * CVM committed to: the genuine list passes; the same list with one GPU swapped for another (genuine, same nonce),
 * reordered, or with one left out is refused as a binding failure (exit 2).
 */
class CompositeVerifierTest {
    static final Clock AT = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A CPU verifier that reports {@code reportData}, as a verified SNP report carrying it would. */
    static PreparedVerifier cpu(byte[] reportData) {
        return new PreparedVerifier() {
            @Override
            public TeeType type() {
                return TeeType.SEV_SNP;
            }

            @Override
            public AttestationResult verify(Evidence evidence, PerCallInputs inputs) {
                return new AttestationResult() {
                    public TeeType tee() {
                        return TeeType.SEV_SNP;
                    }

                    public CommonClaims commonClaims() {
                        return CommonClaims.builder(TeeType.SEV_SNP).reportData(reportData).build();
                    }

                    public Claims claims() {
                        return Claims.builder().put("cpu", true).build();
                    }

                    public VerificationInfo verification() {
                        return new VerificationInfo(inputs.clock().instant(), TrustAnchors.Origin.BUNDLED, true,
                                TcbStatus.UP_TO_DATE, List.of());
                    }
                };
            }
        };
    }

    static byte[] committed(List<DeviceEvidence> gpus) {
        List<byte[]> reports = new ArrayList<>();
        gpus.forEach(d -> reports.add(d.report()));
        return CompositeBinding.reportData(gpus.get(0).nonce().orElseThrow(), reports);
    }

    static Evidence list(List<DeviceEvidence> gpus) {
        return Evidence.of(TeeType.NVIDIA_GPU, EvidenceList.toJson(gpus));
    }

    @Test
    void theCommittedGpusPassAndASwappedReorderedOrMissingGpuIsRefused() throws Exception {
        List<DeviceEvidence> gpus = EvidenceList.parse(Vectors.bytes("wrapped/nvat-multi_gpu_hopper.json"));
        PreparedVerifier gpuVerifier = new NvGpuBackend().prepare(VerifierConfiguration.builder()
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build());
        PerCallInputs gpuInputs = PerCallInputs.builder().clock(AT)
                .policy(PolicyDocument.of(Map.of("allowUnappraisedMeasurements", true))).build();
        PerCallInputs cpuInputs = PerCallInputs.builder().clock(AT).build();
        Evidence cpuEvidence = Evidence.of(TeeType.SEV_SNP, new byte[] {1});
        // The CVM committed to GPUs 0, 1 and 2; GPU 3 is genuine, of the same nonce, but not this VM's.
        List<DeviceEvidence> mine = gpus.subList(0, 3);
        CompositeVerifier v = new CompositeVerifier(cpu(committed(mine)), gpuVerifier);

        CompositeResult ok = v.verify(cpuEvidence, cpuInputs, list(mine), gpuInputs);
        assertEquals(3, ok.gpus().devices().size());
        assertEquals(TeeType.SEV_SNP, ok.tee());

        List<DeviceEvidence> swapped = List.of(gpus.get(0), gpus.get(1), gpus.get(3));
        List<DeviceEvidence> reordered = List.of(gpus.get(1), gpus.get(0), gpus.get(2));
        for (List<DeviceEvidence> wrong : List.of(swapped, reordered, gpus.subList(0, 2), gpus)) {
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> v.verify(cpuEvidence, cpuInputs, list(wrong), gpuInputs));
            assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
            assertEquals(2, e.failureClass().exitCode());
            assertTrue(e.getMessage().contains("does not commit to these"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new CompositeVerifier(gpuVerifier, gpuVerifier));
    }
}
