package io.tee4j.measure.manifest;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.snp.OvmfImage;
import io.tee4j.measure.tdx.DirectBoot;
import io.tee4j.measure.tdx.Mrtd;
import io.tee4j.measure.tdx.PageAddOrder;
import io.tee4j.measure.tdx.TdvfMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An entry's TDX registers, as {@code tee4j measure tdx} derives them: MRTD always; for a QEMU direct
 * boot RTMR2 (command line and initrd digest) and, when the kernel file itself is given, RTMR1 (the
 * QEMU-patched kernel's Authenticode digest, which depends on the initrd's size and the TD's RAM).
 * RTMR0 (ACPI tables, TD HOB) and RTMR3 (runtime) are not derived, so they are not pinned.
 */
final class TdxReference {
    private TdxReference() {
    }

    static Map<String, byte[]> registers(ManifestEntry e, ManifestArtifacts files)
            throws CollateralUnavailableException, MalformedEvidenceException, MeasurementInputException {
        if (e.firmware.isEmpty()) {
            throw new MeasurementInputException("a TDX MRTD needs the firmware");
        }
        TdvfMetadata tdvf = TdvfMetadata.parse(files.read(e.firmware.get(), OvmfImage.MAX_BYTES, e.name));
        Map<String, byte[]> r = new LinkedHashMap<>();
        r.put("mrtd", Mrtd.compute(tdvf, e.tdxOrder.equals("two-pass") ? PageAddOrder.TWO_PASS
                : PageAddOrder.SINGLE_PASS));
        if (e.kernel.isEmpty() && e.kernelSha256.isEmpty()) {
            return r;
        }
        byte[] initrd = e.initrd.isPresent()
                ? files.read(e.initrd.get(), ManifestArtifacts.MAX_BOOT_FILE_BYTES, e.name) : null;
        if (e.kernel.isPresent() && (initrd != null || e.initrdSha384.isEmpty())) {
            byte[] kernel = files.read(e.kernel.get(), ManifestArtifacts.MAX_BOOT_FILE_BYTES, e.name);
            r.put("rtmr1", DirectBoot.rtmr1(kernel, initrd == null ? 0 : initrd.length, e.memory).value());
        }
        // QEMU does not pass an empty initrd on, so it is measured as none.
        byte[] initrdDigest = initrd != null && initrd.length > 0 ? Digests.sha384(initrd) : e.initrdSha384.orElse(null);
        r.put("rtmr2", DirectBoot.rtmr2(e.append.orElse(null), initrdDigest).value());
        return r;
    }
}
