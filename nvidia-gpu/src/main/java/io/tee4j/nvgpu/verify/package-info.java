/**
 * NVIDIA H100 GPU attestation verification: {@link io.tee4j.nvgpu.verify.NvGpuVerifier} as a pipeline of named
 * steps (device chain, report binding, revocation, RIMs, appraisal) against the bundled NVIDIA Device Identity
 * CA ({@link io.tee4j.nvgpu.verify.NvGpuTrustAnchors}), its result
 * ({@link io.tee4j.nvgpu.verify.NvGpuAttestationResult}). The evidence types are in {@code io.tee4j.nvgpu.abi},
 * the policy in {@code io.tee4j.nvgpu.validate}, the NVIDIA services in {@code io.tee4j.nvgpu.collateral}, NVML
 * access in {@code io.tee4j.nvgpu.client}; a simulator for tests without hardware is in
 * {@code io.tee4j.nvgpu.simulator} (artifact tee4j-nvidia-gpu-testing).
 */
package io.tee4j.nvgpu.verify;
