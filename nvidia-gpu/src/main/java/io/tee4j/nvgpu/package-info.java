/**
 * NVIDIA H100 GPU attestation: evidence through NVML ({@link io.tee4j.nvgpu.NvmlAttester}), the
 * SPDM 1.1 measurement report ({@link io.tee4j.nvgpu.SpdmMeasurementReport}), verification against
 * the bundled NVIDIA Device Identity CA with OCSP and RIM appraisal
 * ({@link io.tee4j.nvgpu.NvGpuVerifier}, {@link io.tee4j.nvgpu.NvGpuPolicy},
 * {@link io.tee4j.nvgpu.NvGpuResult}), RIMs ({@link io.tee4j.nvgpu.ReferenceManifest}) and the
 * command-line backend ({@link io.tee4j.nvgpu.NvGpuBackend}). A simulator for tests without
 * hardware is in {@code io.tee4j.nvgpu.simulator}.
 */
package io.tee4j.nvgpu;
