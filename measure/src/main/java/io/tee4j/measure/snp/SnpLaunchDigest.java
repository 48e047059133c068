package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import java.util.OptionalLong;

/**
 * Computes the SEV-SNP launch digest, the MEASUREMENT field of an attestation report, in the order
 * QEMU issues SNP_LAUNCH_UPDATE (sev-snp-measure {@code snp} mode):
 * <ol>
 *   <li>{@link #measureFirmware the firmware}: every page as NORMAL, from 4 GiB − size upwards
 *       (or a precomputed firmware digest as the starting value);
 *   <li>{@link #measureSections the SEV metadata sections} in metadata order: SEC memory as ZERO
 *       pages (UNMEASURED on GCE), one SECRETS page, one CPUID page (on EC2 after every other
 *       section), SVSM CAA as ZERO pages, the kernel-hashes page as one NORMAL page holding the
 *       {@link SevHashesTable} when a kernel is given and ZERO pages otherwise;
 *   <li>{@link #measureVmsas one VMSA page per vCPU}, the BSP's first, then the APs'.
 * </ol>
 *
 * <p>Not computed: HOST_DATA, ID_KEY_DIGEST, AUTHOR_KEY_DIGEST, FAMILY_ID, IMAGE_ID (set by the
 * host at launch finish, see {@link SignedIdBlock}); whether the host kernel and QEMU really use
 * the guest features passed in.
 *
 * <p>Errors: a kernel for a firmware without a kernel-hashes section, more than one vCPU without an
 * AP reset address, or a firmware without the SEV-ES reset block are
 * {@link MeasurementInputException}s (as in sev-snp-measure); a firmware whose size or sections
 * are not whole pages is a {@link MalformedEvidenceException}.
 *
 * @since 0.1
 */
public final class SnpLaunchDigest {
    /** Upper bound on the bytes of metadata sections measured (real OVMF: under 1 MiB). */
    public static final long MAX_SECTION_BYTES = 1L << 30;

    private SnpLaunchDigest() {
    }

    /** The launch digest of {@code launch}. */
    public static byte[] compute(SnpLaunch launch) throws MalformedEvidenceException, MeasurementInputException {
        OvmfImage fw = launch.firmware();
        if (launch.hashes().isPresent() && !fw.hasSection(SevSectionType.SNP_KERNEL_HASHES)) {
            throw new MeasurementInputException(
                    "Kernel specified but OVMF metadata doesn't include SNP_KERNEL_HASHES section");
        }
        LaunchDigest ld;
        if (launch.firmwareDigest().isPresent()) {
            ld = new LaunchDigest(launch.firmwareDigest().get());
        } else {
            ld = new LaunchDigest();
            measureFirmware(ld, fw);
        }
        measureSections(ld, fw, launch.hashes().orElse(null), launch.vmm());
        measureVmsas(ld, fw.apResetEip(), launch);
        return ld.digest();
    }

    /** The digest after the firmware pages alone ({@code snp:ovmf-hash}), the seed a verifier may keep instead of the image. */
    public static byte[] firmwareDigest(OvmfImage fw) throws MalformedEvidenceException {
        LaunchDigest ld = new LaunchDigest();
        measureFirmware(ld, fw);
        return ld.digest();
    }

    /** Step 1: the whole image as NORMAL pages at its GPA. */
    static void measureFirmware(LaunchDigest ld, OvmfImage fw) throws MalformedEvidenceException {
        if (fw.size() % LaunchDigest.PAGE != 0) {
            throw new MalformedEvidenceException("firmware of " + fw.size() + " bytes is not a whole number of 4 KiB pages");
        }
        ld.updateNormalPages(fw.gpa(), fw.bytes(), 0, fw.size());
    }

    /** Step 2: the SEV metadata sections, in order; EC2's CPUID pages last. */
    static void measureSections(LaunchDigest ld, OvmfImage fw, SevHashesTable hashes, VmmType vmm)
            throws MalformedEvidenceException, MeasurementInputException {
        checkSections(fw);
        for (SevMetadataSection s : fw.sections()) {
            measureSection(ld, fw, s, hashes, vmm);
        }
        if (vmm.isEc2()) {
            for (SevMetadataSection s : fw.sections()) {
                if (s.type() == SevSectionType.CPUID) {
                    ld.updateUnmeasuredContents(PageType.CPUID, s.gpa(), LaunchDigest.PAGE);
                }
            }
        }
    }

    private static void measureSection(LaunchDigest ld, OvmfImage fw, SevMetadataSection s, SevHashesTable hashes,
            VmmType vmm) throws MalformedEvidenceException, MeasurementInputException {
        switch (s.type()) {
            case SNP_SEC_MEMORY:
                ld.updateUnmeasuredContents(vmm == VmmType.GCE ? PageType.UNMEASURED : PageType.ZERO, s.gpa(), s.size());
                break;
            case SNP_SECRETS:
                ld.updateUnmeasuredContents(PageType.SECRETS, s.gpa(), LaunchDigest.PAGE);
                break;
            case CPUID:
                if (!vmm.isEc2()) {
                    ld.updateUnmeasuredContents(PageType.CPUID, s.gpa(), LaunchDigest.PAGE);
                }
                break;
            case SVSM_CAA:
                ld.updateUnmeasuredContents(PageType.ZERO, s.gpa(), s.size());
                break;
            case SNP_KERNEL_HASHES:
                measureKernelHashes(ld, fw, s, hashes);
                break;
            default:
                throw new MalformedEvidenceException("SEV metadata section type " + s.type() + " is not measurable");
        }
    }

    /** The kernel-hashes section: the table's page when a kernel is measured, else zero pages. */
    private static void measureKernelHashes(LaunchDigest ld, OvmfImage fw, SevMetadataSection s, SevHashesTable hashes)
            throws MalformedEvidenceException, MeasurementInputException {
        if (hashes == null) {
            ld.updateUnmeasuredContents(PageType.ZERO, s.gpa(), s.size());
            return;
        }
        if (s.size() != LaunchDigest.PAGE) {
            throw new MalformedEvidenceException("the SNP_KERNEL_HASHES section is " + s.size()
                    + " bytes; the hashes table fills exactly one 4 KiB page");
        }
        OptionalLong tableGpa = fw.hashTableGpa();
        if (tableGpa.isEmpty()) {
            throw new MeasurementInputException("the firmware has no SEV hash table entry (" + OvmfImage.SEV_HASH_TABLE
                    + "), so the kernel hashes' place in their page is unknown");
        }
        int offset = (int) (tableGpa.getAsLong() & (LaunchDigest.PAGE - 1));
        if (offset > LaunchDigest.PAGE - SevHashesTable.PADDED_BYTES) {
            throw new MalformedEvidenceException("the SEV hash table at page offset 0x" + Integer.toHexString(offset)
                    + " does not fit its page");
        }
        ld.updateNormalPages(s.gpa(), hashes.page(offset), 0, LaunchDigest.PAGE);
    }

    /** Sections must be whole, page-aligned pages, and bounded in total. */
    static void checkSections(OvmfImage fw) throws MalformedEvidenceException {
        long total = 0;
        for (SevMetadataSection s : fw.sections()) {
            if (s.gpa() % LaunchDigest.PAGE != 0 || s.size() % LaunchDigest.PAGE != 0) {
                throw new MalformedEvidenceException(String.format("SEV metadata section %s at 0x%x, 0x%x bytes, is not"
                        + " whole 4 KiB pages", s.type(), s.gpa(), s.size()));
            }
            total += s.size();
            if (total > MAX_SECTION_BYTES) {
                throw new MalformedEvidenceException("SEV metadata sections cover more than " + MAX_SECTION_BYTES
                        + " bytes");
            }
        }
    }

    /** Step 3: one VMSA per vCPU; all APs share one page, so it is hashed once. */
    static void measureVmsas(LaunchDigest ld, long apEip, SnpLaunch launch) throws MeasurementInputException {
        if (launch.vcpus() > 1 && apEip == 0) {
            throw new MeasurementInputException("the firmware's SEV-ES reset block gives no AP reset address, so only"
                    + " one vCPU can start; " + launch.vcpus() + " were asked for");
        }
        byte[] bsp = Digests.sha384(Vmsa.page(launch.vmm(), Vmsa.BSP_EIP, launch.vcpuSignature(), launch.guestFeatures()));
        ld.update(PageType.VMSA, LaunchDigest.VMSA_GPA, bsp);
        if (launch.vcpus() > 1) {
            byte[] ap = Digests.sha384(Vmsa.page(launch.vmm(), apEip, launch.vcpuSignature(), launch.guestFeatures()));
            for (int i = 1; i < launch.vcpus(); i++) {
                ld.update(PageType.VMSA, LaunchDigest.VMSA_GPA, ap);
            }
        }
    }
}
