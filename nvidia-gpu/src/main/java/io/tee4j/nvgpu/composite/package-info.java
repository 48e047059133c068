/**
 * Composite CPU+GPU attestation: one confidential VM's hardware report (SEV-SNP, TDX, or any backend behind
 * core's {@link io.tee4j.core.spi.PreparedVerifier}) verified together with its GPUs' and NVSwitches' evidence,
 * where the VM's report data commits to the GPU evidence ({@link io.tee4j.nvgpu.composite.CompositeBinding}), so
 * a verifier knows these devices were attested by this VM. The package depends on core's SPI only, never on a
 * CPU backend.
 */
package io.tee4j.nvgpu.composite;
