package io.tee4j.measure.snp;

import io.tee4j.measure.internal.Le;

/**
 * Builds the initial VM save area (VMSA, AMD APM vol. 2 table B-4) of a vCPU as the launch
 * measures it: a 4096-byte page, zero except for the fields below.
 *
 * <p>All VMMs: ES/DS/FS/GS {selector 0, attributes 0x93, limit 0xFFFF}; CS {selector 0xF000,
 * limit 0xFFFF, base = EIP &amp; 0xFFFF0000}; GDTR/IDTR limit 0xFFFF; LDTR attributes 0x82, limit
 * 0xFFFF; TR limit 0xFFFF; EFER 0x1000 (SVME); CR4 0x40; CR0 0x10; DR7 0x400; DR6 0xFFFF0FF0;
 * RFLAGS 0x2; RIP = EIP &amp; 0xFFFF; SEV_FEATURES = the guest features; XCR0 1. Per VMM:
 *
 * <table>
 *   <caption>VMM-specific fields</caption>
 *   <tr><th>field</th><th>QEMU</th><th>EC2</th><th>GCE</th></tr>
 *   <tr><td>CS attributes</td><td>0x9B</td><td>0x9A for the BSP, 0x9B for APs</td><td>0x9B</td></tr>
 *   <tr><td>SS / TR attributes</td><td>0x93 / 0x8B</td><td>0x92 / 0x83</td><td>0x93 / 0x8B</td></tr>
 *   <tr><td>G_PAT</td><td>0x0007040600070406</td><td>same</td><td>0x00070106</td></tr>
 *   <tr><td>RDX</td><td>vCPU signature</td><td>0x600 (0 for {@link VmmType#EC2_RDX_ZERO})</td><td>0x600</td></tr>
 *   <tr><td>MXCSR / x87 FCW</td><td>0x1F80 / 0x37F</td><td>0 / 0</td><td>0 / 0</td></tr>
 * </table>
 *
 * <p>{@link #svsm} builds the 32-bit protected-mode start state a COCONUT-SVSM launch uses
 * instead. The values are those of sev-snp-measure 0.0.13 (which leaves the SVSM VMSA's x87 FCW
 * at 0); they are models of each VMM, and a VMM that changes its reset state changes the digest.
 *
 * @since 0.1
 */
public final class Vmsa {
    /** The BSP's reset EIP. */
    public static final long BSP_EIP = 0xFFFFFFF0L;
    private static final long DEFAULT_PAT = 0x0007040600070406L;
    private static final long GCE_PAT = 0x00070106L;

    private Vmsa() {
    }

    /** The VMSA of a vCPU starting at {@code eip} (the BSP's, or the firmware's AP reset EIP). */
    public static byte[] page(VmmType vmm, long eip, long vcpuSignature, long sevFeatures) {
        boolean ec2 = vmm.isEc2();
        int csAttributes = ec2 && eip == BSP_EIP ? 0x9A : 0x9B;
        byte[] p = new byte[LaunchDigest.PAGE];
        segment(p, 0x00, 0, 0x93, 0xFFFF, 0);
        segment(p, 0x10, 0xF000, csAttributes, 0xFFFF, eip & 0xFFFF0000L);
        segment(p, 0x20, 0, ec2 ? 0x92 : 0x93, 0xFFFF, 0);
        segment(p, 0x30, 0, 0x93, 0xFFFF, 0);
        segment(p, 0x40, 0, 0x93, 0xFFFF, 0);
        segment(p, 0x50, 0, 0x93, 0xFFFF, 0);
        segment(p, 0x60, 0, 0, 0xFFFF, 0);
        segment(p, 0x70, 0, 0x82, 0xFFFF, 0);
        segment(p, 0x80, 0, 0, 0xFFFF, 0);
        segment(p, 0x90, 0, ec2 ? 0x83 : 0x8B, 0xFFFF, 0);
        controlRegisters(p, 0x10, eip & 0xFFFF);
        Le.putU64(p, 0x268, vmm == VmmType.GCE ? GCE_PAT : DEFAULT_PAT);
        Le.putU64(p, 0x310, rdx(vmm, vcpuSignature));
        Le.putU64(p, 0x3B0, sevFeatures);
        Le.putU64(p, 0x3E8, 1);
        if (vmm == VmmType.QEMU) {
            Le.putU32(p, 0x408, 0x1F80);
            Le.putU16(p, 0x410, 0x37F);
        }
        return p;
    }

    /** The VMSA of every vCPU of a COCONUT-SVSM launch: 32-bit flat segments, RIP = the SVSM entry. */
    public static byte[] svsm(long entryPoint, long vcpuSignature) {
        byte[] p = new byte[LaunchDigest.PAGE];
        segment(p, 0x00, 16, 0xC93, 0xFFFFFFFFL, 0);
        segment(p, 0x10, 8, 0xC9B, 0xFFFFFFFFL, 0);
        segment(p, 0x20, 16, 0xC93, 0xFFFFFFFFL, 0);
        segment(p, 0x30, 16, 0xC93, 0xFFFFFFFFL, 0);
        segment(p, 0x40, 16, 0xC93, 0xFFFFFFFFL, 0);
        segment(p, 0x50, 0, 0x93, 0xFFFF, 0);
        segment(p, 0x60, 0, 0, 0xFFFF, 0);
        segment(p, 0x70, 0, 0x82, 0xFFFF, 0);
        segment(p, 0x80, 0, 0, 0xFFFF, 0);
        segment(p, 0x90, 0, 0x8B, 0xFFFF, 0);
        controlRegisters(p, 0x11, entryPoint);
        Le.putU64(p, 0x268, DEFAULT_PAT);
        Le.putU64(p, 0x310, vcpuSignature);
        Le.putU64(p, 0x3B0, 1);
        Le.putU64(p, 0x3E8, 1);
        Le.putU32(p, 0x408, 0x1F80);
        return p;
    }

    private static long rdx(VmmType vmm, long vcpuSignature) {
        switch (vmm) {
            case QEMU:
                return vcpuSignature;
            case EC2_RDX_ZERO:
                return 0;
            default:
                return 0x600;
        }
    }

    /** EFER, CR4, CR0, DR7, DR6, RFLAGS and RIP. */
    private static void controlRegisters(byte[] p, long cr0, long rip) {
        Le.putU64(p, 0xD0, 0x1000);
        Le.putU64(p, 0x148, 0x40);
        Le.putU64(p, 0x158, cr0);
        Le.putU64(p, 0x160, 0x400);
        Le.putU64(p, 0x168, 0xFFFF0FF0L);
        Le.putU64(p, 0x170, 0x2);
        Le.putU64(p, 0x178, rip);
    }

    private static void segment(byte[] p, int at, int selector, int attributes, long limit, long base) {
        Le.putU16(p, at, selector);
        Le.putU16(p, at + 2, attributes);
        Le.putU32(p, at + 4, limit);
        Le.putU64(p, at + 8, base);
    }
}
