package io.tee4j.measure.snp;

/**
 * The VMM whose initial vCPU state (VMSA) a launch digest models. The values differ in segment
 * attributes, the PAT MSR, RDX and the FPU control words (see {@link Vmsa}), and GCE measures the
 * SEC memory as UNMEASURED rather than ZERO pages while EC2 measures the CPUID page last.
 *
 * @since 0.1
 */
public enum VmmType {
    /** QEMU/KVM (RDX = the vCPU signature; FPU control words at their reset values). */
    QEMU,
    /** Amazon EC2 as measured since April 2026 (RDX 0x600; sev-snp-measure 0.0.13). */
    EC2,
    /**
     * Amazon EC2 as virtee/sev (the Rust crate) still models it: RDX 0. Kept to reproduce values
     * published before EC2's change; live EC2 guests no longer match it.
     */
    EC2_RDX_ZERO,
    /** Google Compute Engine (RDX 0x600, its own PAT; no vCPU signature needed). */
    GCE;

    /** True for both EC2 models. */
    boolean isEc2() {
        return this == EC2 || this == EC2_RDX_ZERO;
    }
}
