package io.tee4j.nvgpu.composite;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.verify.EvidenceListResult;
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
 *   <li>the GPU and NVSwitch evidence list with the nvidia-gpu backend's {@link PreparedVerifier} (every device,
 *       one nonce, topology, the GPU policy; see {@link io.tee4j.nvgpu.verify.EvidenceListVerifier});
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
    private final PreparedVerifier gpus;

    /**
     * @param cpu the CVM's backend verifier (SEV-SNP, TDX, ...)
     * @param gpus the nvidia-gpu backend's verifier, which verifies evidence lists
     * @throws IllegalArgumentException if {@code gpus} is not an nvidia-gpu verifier or {@code cpu} is one
     */
    public CompositeVerifier(PreparedVerifier cpu, PreparedVerifier gpus) {
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.gpus = Objects.requireNonNull(gpus, "gpus");
        if (gpus.type() != TeeType.NVIDIA_GPU || cpu.type() == TeeType.NVIDIA_GPU) {
            throw new IllegalArgumentException("a composite is a CPU verifier and an nvidia-gpu verifier, got "
                    + cpu.type() + " and " + gpus.type());
        }
    }

    /**
     * Verifies the CPU evidence and the GPU evidence list, each with its own per-call inputs (policy, roots'
     * certificates, time: the CPU's clock is used for both results' instant), and their binding.
     */
    public CompositeResult verify(Evidence cpuEvidence, PerCallInputs cpuInputs, Evidence gpuEvidence,
            PerCallInputs gpuInputs) throws AttestationException, PolicyFormatException {
        if (!EvidenceList.looksLikeList(gpuEvidence.raw())) {
            throw new MalformedEvidenceException("composite CPU+GPU verification takes the GPUs' evidence as NVIDIA's "
                    + "JSON evidence list (what tee4j attest --gpus and NVIDIA's SDKs write)");
        }
        AttestationResult cpuResult = cpu.verify(cpuEvidence, cpuInputs);
        AttestationResult listResult = gpus.verify(gpuEvidence, gpuInputs);
        if (!(listResult instanceof EvidenceListResult)) {
            throw new MalformedEvidenceException("the GPU verifier did not verify the evidence as a list");
        }
        EvidenceListResult gpuResult = (EvidenceListResult) listResult;
        List<byte[]> reports = new ArrayList<>();
        gpuResult.devices().forEach(d -> reports.add(d.report().raw()));
        byte[] expected = CompositeBinding.reportData(gpuResult.nonce(), reports);
        byte[] actual = cpuResult.commonClaims().reportData();
        if (actual.length < expected.length
                || !MessageDigest.isEqual(expected, Arrays.copyOf(actual, expected.length))) {
            throw new VerificationFailedException(Reason.BINDING, "the " + cpuResult.tee().id() + " report's report "
                    + "data does not commit to these " + reports.size() + " GPU/NVSwitch reports ("
                    + CompositeBinding.DOMAIN + "): the devices were not attested by this VM, or one was swapped, "
                    + "added or left out");
        }
        return new CompositeResult(cpuResult, gpuResult);
    }
}
