package io.tee4j.nvgpu.composite;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.EvidenceListResult;
import io.tee4j.nvgpu.verify.EvidenceListVerifier;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a confidential VM's CPU evidence together with its GPUs' evidence list, in three steps:
 *
 * <ol>
 *   <li>the CPU evidence with the CPU backend's {@link PreparedVerifier} (signature, chain, collateral, TCB,
 *       the CPU policy);
 *   <li>the GPU and NVSwitch list with {@link EvidenceListVerifier} (every device, one nonce, topology, the GPU
 *       policy);
 *   <li>the binding: the CPU report's report data must equal {@link CompositeBinding#reportData} of the list's
 *       nonce and reports; otherwise {@link VerificationFailedException} with reason {@code BINDING} (exit 2), so
 *       GPU evidence from another VM, or a list with one device swapped, added or left out, is refused.
 * </ol>
 *
 * <p>Not verified here: anything the two verifiers do not verify. The CPU verifier must be one whose common
 * claims carry the report data (SEV-SNP, TDX). Thread-safe when both verifiers are.
 *
 * @since 0.2
 */
public final class CompositeVerifier {
    private final PreparedVerifier cpu;
    private final EvidenceListVerifier gpus;

    public CompositeVerifier(PreparedVerifier cpu, EvidenceListVerifier gpus) {
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.gpus = Objects.requireNonNull(gpus, "gpus");
    }

    /** Verifies the CPU evidence (with its per-call inputs), the GPU list (with its policy) and their binding. */
    public CompositeResult verify(Evidence cpuEvidence, PerCallInputs cpuInputs, List<DeviceEvidence> gpuEvidence,
            NvGpuPolicy gpuPolicy) throws AttestationException, PolicyFormatException {
        AttestationResult cpuResult = cpu.verify(cpuEvidence, cpuInputs);
        EvidenceListResult gpuResult = gpus.verify(gpuEvidence, gpuPolicy, cpuInputs.clock().instant());
        List<byte[]> reports = new ArrayList<>();
        gpuEvidence.forEach(d -> reports.add(d.report()));
        byte[] expected = CompositeBinding.reportData(gpuResult.nonce(), reports);
        byte[] actual = cpuResult.commonClaims().reportData();
        if (actual.length < expected.length
                || !MessageDigest.isEqual(expected, Arrays.copyOf(actual, expected.length))) {
            throw new VerificationFailedException(Reason.BINDING, "the " + cpuResult.tee().id() + " report's report "
                    + "data does not commit to these " + gpuEvidence.size() + " GPU/NVSwitch reports ("
                    + CompositeBinding.DOMAIN + "): the devices were not attested by this VM, or one was swapped, "
                    + "added or left out");
        }
        return new CompositeResult(cpuResult, gpuResult);
    }
}
