/**
 * NVIDIA H100 GPU attestation: evidence through NVML ({@link io.tee4j.nvgpu.client.NvmlAttester}), the
 * SPDM 1.1 measurement report ({@link io.tee4j.nvgpu.abi.SpdmMeasurementReport}), verification against
 * the bundled NVIDIA Device Identity CA with OCSP and RIM appraisal
 * ({@link io.tee4j.nvgpu.verify.NvGpuVerifier}, {@link io.tee4j.nvgpu.validate.NvGpuPolicy},
 * {@link io.tee4j.nvgpu.verify.NvGpuAttestationResult}), RIMs ({@link io.tee4j.nvgpu.abi.ReferenceManifest}) and the
 * command-line backend ({@link io.tee4j.nvgpu.internal.NvGpuBackend}). A simulator for tests without
 * hardware is in {@code io.tee4j.nvgpu.simulator}.
 */
package io.tee4j.nvgpu;
