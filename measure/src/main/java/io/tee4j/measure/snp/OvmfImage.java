package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.ovmf.Guid;
import io.tee4j.measure.ovmf.OvmfFooterTable;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An OVMF (or COCONUT-SVSM) firmware image as an SEV launch sees it: its bytes, mapped so that
 * they end at a given guest-physical address (4 GiB for OVMF), the footer-table entries the launch
 * needs, and the SEV metadata sections.
 *
 * <p>Parsing checks only structure (see {@link OvmfFooterTable} and {@link SevMetadata}); whether
 * the image can be measured in a given mode (a 4 KiB multiple for SNP, an AP reset address for
 * more than one vCPU, a kernel-hashes page for a kernel) is checked by the measurement.
 *
 * @since 0.1
 */
public final class OvmfImage {
    /** Largest image accepted: real OVMF builds are 2 to 4 MiB. */
    public static final int MAX_BYTES = 64 << 20;
    /** 4 GiB: where OVMF ends in guest-physical memory. */
    public static final long FOUR_GIB = 1L << 32;
    /** Footer entry: the SEV-ES AP reset address (u32 EIP). */
    public static final Guid SEV_ES_RESET_BLOCK = Guid.parse("00f771de-1a7e-4fcb-890e-68c77e2fb44e");
    /** Footer entry: where QEMU writes the SEV hashes table (u32 GPA, u32 size; GPA 0: unsupported). */
    public static final Guid SEV_HASH_TABLE = Guid.parse("7255371f-3a3b-4b04-927b-1da6efa8d454");
    /** Footer entry of a COCONUT-SVSM image: the entry point's offset from the image base (u32). */
    public static final Guid SVSM_INFO = Guid.parse("a789a612-0597-4c4b-a49f-cbb1fe9d1ddd");

    private final byte[] data;
    private final long gpa;
    private final OvmfFooterTable table;
    private final List<SevMetadataSection> sections;

    private OvmfImage(byte[] data, long endGpa, OvmfFooterTable table, List<SevMetadataSection> sections) {
        this.data = data;
        this.gpa = endGpa - data.length;
        this.table = table;
        this.sections = sections;
    }

    /** Parses an OVMF image that ends at 4 GiB. The array is copied. */
    public static OvmfImage parse(byte[] image) throws MalformedEvidenceException {
        return parse(image, FOUR_GIB);
    }

    /** Parses an image that ends at {@code endGpa} (an SVSM image sits below OVMF and its variables). */
    public static OvmfImage parse(byte[] image, long endGpa) throws MalformedEvidenceException {
        Objects.requireNonNull(image, "image");
        if (image.length > MAX_BYTES) {
            throw new MalformedEvidenceException("firmware image of " + image.length + " bytes exceeds " + MAX_BYTES);
        }
        if (endGpa < image.length || endGpa > FOUR_GIB) {
            throw new MalformedEvidenceException("firmware image of " + image.length + " bytes cannot end at GPA 0x"
                    + Long.toHexString(endGpa));
        }
        byte[] copy = image.clone();
        OvmfFooterTable table = OvmfFooterTable.parse(copy);
        return new OvmfImage(copy, endGpa, table, SevMetadata.read(copy, table));
    }

    /** The image bytes (not copied: callers only hash them). */
    byte[] bytes() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** The guest-physical address of the first byte. */
    public long gpa() {
        return gpa;
    }

    public OvmfFooterTable footerTable() {
        return table;
    }

    /** The SEV metadata sections, in metadata order (empty without SEV metadata). */
    public List<SevMetadataSection> sections() {
        return sections;
    }

    public boolean hasSection(SevSectionType type) {
        return sections.stream().anyMatch(s -> s.type() == type);
    }

    /** The AP reset EIP from the SEV-ES reset block; 0 means "none" (then only one vCPU can start). */
    public long apResetEip() throws MalformedEvidenceException, MeasurementInputException {
        OptionalLong eip = table.u32(SEV_ES_RESET_BLOCK, "SEV-ES reset block");
        if (eip.isEmpty()) {
            throw new MeasurementInputException("the firmware has no SEV-ES reset block (footer entry "
                    + SEV_ES_RESET_BLOCK + "): it cannot start an SEV-ES or SEV-SNP guest");
        }
        return eip.getAsLong();
    }

    /** The GPA QEMU writes the SEV hashes table to; empty when absent, 0 when the firmware does not support it. */
    public OptionalLong hashTableGpa() throws MalformedEvidenceException {
        return table.u32(SEV_HASH_TABLE, "SEV hash table");
    }

    /** True when the firmware declares a place for the SEV hashes table (entry present, GPA not 0). */
    public boolean supportsHashTable() throws MalformedEvidenceException {
        OptionalLong g = hashTableGpa();
        return g.isPresent() && g.getAsLong() != 0;
    }

    /** The SVSM entry point: the SVSM_INFO offset plus this image's base GPA. */
    public long svsmEntryPoint() throws MalformedEvidenceException, MeasurementInputException {
        OptionalLong offset = table.u32(SVSM_INFO, "SVSM info");
        if (offset.isEmpty()) {
            throw new MeasurementInputException("the SVSM image has no SVSM_INFO footer entry (" + SVSM_INFO + ")");
        }
        return offset.getAsLong() + gpa;
    }
}
