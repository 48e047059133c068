package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import java.util.Objects;

/**
 * The SEV-SNP launch digest of a COCONUT-SVSM launch under QEMU (sev-snp-measure {@code snp:svsm}):
 * the OVMF pages (ending at 4 GiB), then the SVSM image pages (ending at OVMF's base minus the size
 * of the OVMF variable store), then the SVSM image's own SEV metadata sections, then one identical
 * {@link Vmsa#svsm SVSM VMSA} per vCPU starting at the SVSM entry point (SVSM_INFO offset plus the
 * SVSM base). Guest features are fixed at 0x1 in this mode.
 *
 * <p>Not modelled: IGVM-packaged SVSM launches, other VMMs, and OVMF's own metadata (the SVSM
 * validates OVMF's memory itself).
 *
 * @since 0.1
 */
public final class SvsmLaunchDigest {
    private SvsmLaunchDigest() {
    }

    /**
     * The launch digest.
     *
     * @param ovmf          the OVMF image (its bytes only are measured)
     * @param ovmfVarsBytes the size of the OVMF variable store that sits between OVMF and the SVSM
     * @param svsmImage     the SVSM image
     * @param vcpus         the vCPU count
     * @param vcpuSignature CPUID(1).EAX
     */
    public static byte[] compute(OvmfImage ovmf, long ovmfVarsBytes, byte[] svsmImage, int vcpus, long vcpuSignature)
            throws MalformedEvidenceException, MeasurementInputException {
        Objects.requireNonNull(svsmImage, "svsmImage");
        if (vcpus < 1 || vcpus > SnpLaunch.MAX_VCPUS) {
            throw new MeasurementInputException("vCPU count " + vcpus + " is outside 1.." + SnpLaunch.MAX_VCPUS);
        }
        if (ovmfVarsBytes < 0 || ovmfVarsBytes > ovmf.gpa()) {
            throw new MeasurementInputException("OVMF variable store size " + ovmfVarsBytes + " is out of range");
        }
        OvmfImage svsm = OvmfImage.parse(svsmImage, ovmf.gpa() - ovmfVarsBytes);
        long entry = svsm.svsmEntryPoint();
        LaunchDigest ld = new LaunchDigest();
        SnpLaunchDigest.measureFirmware(ld, ovmf);
        SnpLaunchDigest.measureFirmware(ld, svsm);
        SnpLaunchDigest.measureSections(ld, svsm, null, VmmType.QEMU);
        byte[] vmsa = Digests.sha384(Vmsa.svsm(entry, vcpuSignature));
        for (int i = 0; i < vcpus; i++) {
            ld.update(PageType.VMSA, LaunchDigest.VMSA_GPA, vmsa);
        }
        return ld.digest();
    }
}
