package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.internal.LeReader;
import io.tee4j.measure.ovmf.Guid;
import io.tee4j.measure.ovmf.OvmfFooterTable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads OVMF's SEV metadata: the footer entry {@code dc886566-984a-4798-a75e-5585a7bf67cc} holds
 * the offset, counted back from the end of the image, of an {@code "ASEV"} header
 * {@code {u32 length, u32 version = 1, u32 count}} followed by {@code count} sections of
 * {@code {u32 gpa, u32 size, u32 type}}.
 *
 * <p>The references disagree about the header's length field (sev-snp-measure slices the sections
 * by it, dstack-mr uses only the count; dstack's synthetic image sets it to 0). This reader is
 * lenient but bounded: the {@code count} sections must lie inside the image, and the length must
 * be 0 or cover them. A wrong signature or version, an unknown section type, or sections outside
 * the image are {@link MalformedEvidenceException}s. Which ranges are page-aligned is checked
 * where they are measured.
 *
 * @since 0.1
 */
public final class SevMetadata {
    /** The footer entry that locates the SEV metadata. */
    public static final Guid ENTRY = Guid.parse("dc886566-984a-4798-a75e-5585a7bf67cc");
    private static final byte[] SIGNATURE = {'A', 'S', 'E', 'V'};
    private static final int HEADER_BYTES = 16;
    private static final int SECTION_BYTES = 12;

    private SevMetadata() {
    }

    /** The sections in metadata order; empty when the image has no SEV metadata entry. */
    public static List<SevMetadataSection> read(byte[] image, OvmfFooterTable table) throws MalformedEvidenceException {
        OptionalLong offsetFromEnd = table.u32(ENTRY, "SEV metadata offset");
        if (offsetFromEnd.isEmpty()) {
            return List.of();
        }
        LeReader r = new LeReader(image, "SEV metadata");
        long start = image.length - offsetFromEnd.getAsLong();
        r.need(start, HEADER_BYTES, "ASEV header");
        checkHeader(r, start);
        long count = r.u32(start + 12, "section count");
        long needed = HEADER_BYTES + SECTION_BYTES * count;
        r.need(start, needed, count + " sections");
        long length = r.u32(start + 4, "header length");
        if (length != 0 && length < needed) {
            throw new MalformedEvidenceException("SEV metadata: header length " + length + " does not cover its "
                    + count + " sections (" + needed + " bytes)");
        }
        List<SevMetadataSection> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            out.add(readSection(r, start + HEADER_BYTES + (long) SECTION_BYTES * i, i));
        }
        return List.copyOf(out);
    }

    private static void checkHeader(LeReader r, long start) throws MalformedEvidenceException {
        if (!r.matches(start, SIGNATURE)) {
            throw new MalformedEvidenceException("SEV metadata: no \"ASEV\" signature at offset " + start);
        }
        long version = r.u32(start + 8, "version");
        if (version != 1) {
            throw new MalformedEvidenceException("SEV metadata: version " + version + " (only 1 is defined)");
        }
    }

    private static SevMetadataSection readSection(LeReader r, long at, int index) throws MalformedEvidenceException {
        long gpa = r.u32(at, "section gpa");
        long size = r.u32(at + 4, "section size");
        long code = r.u32(at + 8, "section type");
        SevSectionType type = SevSectionType.fromCode(code).orElseThrow(() -> new MalformedEvidenceException(
                "SEV metadata: section " + index + " has unknown type 0x" + Long.toHexString(code)));
        return new SevMetadataSection(gpa, size, type);
    }
}
