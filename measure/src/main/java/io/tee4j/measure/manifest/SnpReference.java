package io.tee4j.measure.manifest;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.snp.OvmfImage;
import io.tee4j.measure.snp.SevHashesTable;
import io.tee4j.measure.snp.SnpLaunch;
import io.tee4j.measure.snp.SnpLaunchDigest;
import io.tee4j.measure.snp.VcpuTypes;
import io.tee4j.measure.snp.VmmType;

/** An entry's SEV-SNP launch digest, as {@code tee4j measure sev-snp} computes it from the same inputs. */
final class SnpReference {
    private SnpReference() {
    }

    static byte[] measurement(ManifestEntry e, ManifestArtifacts files)
            throws CollateralUnavailableException, MalformedEvidenceException, MeasurementInputException {
        if (e.firmware.isEmpty()) {
            throw new MeasurementInputException("an SEV-SNP launch digest needs the firmware");
        }
        OvmfImage fw = OvmfImage.parse(files.read(e.firmware.get(), OvmfImage.MAX_BYTES, e.name));
        VmmType vmm = vmm(e.vmmType);
        SnpLaunch.Builder b = SnpLaunch.builder(fw).vcpus(e.vcpus).vmm(vmm).vcpuSignature(signature(e, vmm))
                .guestFeatures(e.guestFeatures).hashes(hashes(e, files));
        if (e.snpOvmfHash.isPresent()) {
            b.firmwareDigest(e.snpOvmfHash.get());
        }
        return SnpLaunchDigest.compute(b.build());
    }

    private static VmmType vmm(String name) {
        switch (name) {
            case "ec2":
                return VmmType.EC2;
            case "gce":
                return VmmType.GCE;
            default:
                return VmmType.QEMU;
        }
    }

    /** QEMU writes the vCPU signature into every VMSA, so a QEMU entry must say which CPU model. */
    private static long signature(ManifestEntry e, VmmType vmm) throws MeasurementInputException {
        if (e.vcpuType.isPresent()) {
            return VcpuTypes.byName(e.vcpuType.get());
        }
        if (e.vcpuSig.isPresent()) {
            return e.vcpuSig.get();
        }
        if (vmm == VmmType.QEMU) {
            throw new MeasurementInputException("a QEMU guest needs vcpuType or vcpuSig (QEMU writes the vCPU "
                    + "signature into each VMSA)");
        }
        return 0;
    }

    /** The kernel-hashes table of a direct boot, from the files or from their SHA-256 digests. */
    private static SevHashesTable hashes(ManifestEntry e, ManifestArtifacts files)
            throws CollateralUnavailableException {
        if (e.kernel.isEmpty() && e.kernelSha256.isEmpty()) {
            return null;
        }
        byte[] kernel = e.kernel.isPresent()
                ? Digests.sha256(files.read(e.kernel.get(), ManifestArtifacts.MAX_BOOT_FILE_BYTES, e.name))
                : e.kernelSha256.get();
        byte[] initrd = e.initrd.isPresent()
                ? Digests.sha256(files.read(e.initrd.get(), ManifestArtifacts.MAX_BOOT_FILE_BYTES, e.name))
                : e.initrdSha256.orElseGet(() -> Digests.sha256(new byte[0]));
        return SevHashesTable.ofDigests(kernel, initrd, SevHashesTable.cmdlineDigest(e.append.orElse(null)));
    }
}
