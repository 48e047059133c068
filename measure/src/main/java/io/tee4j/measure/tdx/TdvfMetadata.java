package io.tee4j.measure.tdx;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.internal.LeReader;
import io.tee4j.measure.ovmf.Guid;
import io.tee4j.measure.ovmf.OvmfFooterTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A TDVF image and its TDX metadata. The descriptor ({@code "TDVF", u32 length = 16 + 32·n,
 * u32 version 1, u32 n}, preceded by GUID {@code e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae}) is found
 * through the OVMF footer entry {@code e47a6535-984a-4798-865e-4685a7bf8ec2} (offset counted back
 * from the end of the image) or, in a td-shim image without a footer table, through the u32 file
 * offset stored 32 bytes before the end.
 *
 * <p>Checked, as td-shim's and dstack-mr's tools check them: GUID, signature, version 1, at least
 * one section and a length of exactly 16 + 32·n; every section 4 KiB aligned in address and size,
 * memory size not below raw size (TD_INFO exempt), a defined type, the guest range below 2^52, the
 * file range of a measured section inside the image; and, to bound the work, at most
 * {@link #MAX_ADDED_BYTES} of page-added memory. Violations are
 * {@link MalformedEvidenceException}s. Immutable; the image is copied.
 *
 * @since 0.1
 */
public final class TdvfMetadata {
    /** The footer-table entry that locates the TDX metadata. */
    public static final Guid ENTRY = Guid.parse("e47a6535-984a-4798-865e-4685a7bf8ec2");
    /** The GUID in front of the descriptor. */
    public static final Guid DESCRIPTOR_GUID = Guid.parse("e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae");
    /** Largest image accepted. */
    public static final int MAX_BYTES = 64 << 20;
    /** Most page-added guest memory accepted (real TDVF images add a few MiB). */
    public static final long MAX_ADDED_BYTES = 1L << 30;
    private static final byte[] SIGNATURE = {'T', 'D', 'V', 'F'};
    private static final long GPA_LIMIT = 1L << 52;

    private final byte[] image;
    private final List<TdvfSection> sections;

    private TdvfMetadata(byte[] image, List<TdvfSection> sections) {
        this.image = image;
        this.sections = sections;
    }

    /** Parses an image's TDX metadata. */
    public static TdvfMetadata parse(byte[] image) throws MalformedEvidenceException {
        Objects.requireNonNull(image, "image");
        if (image.length > MAX_BYTES) {
            throw new MalformedEvidenceException("TDVF image of " + image.length + " bytes exceeds " + MAX_BYTES);
        }
        byte[] copy = image.clone();
        LeReader r = new LeReader(copy, "TDVF metadata");
        long descriptor = locateDescriptor(copy, r);
        if (descriptor < 16 || descriptor > copy.length || !DESCRIPTOR_GUID.isAt(copy, (int) descriptor - 16)) {
            throw new MalformedEvidenceException("TDVF metadata: no TDX metadata GUID before the descriptor at " + descriptor);
        }
        long count = checkDescriptor(r, descriptor);
        List<TdvfSection> sections = new ArrayList<>();
        long added = 0;
        for (int i = 0; i < count; i++) {
            TdvfSection s = readSection(r, descriptor + 16 + 32L * i, i);
            added += s.pageAug() ? 0 : s.memoryDataSize();
            if (added > MAX_ADDED_BYTES) {
                throw new MalformedEvidenceException("TDVF metadata: sections add more than " + MAX_ADDED_BYTES
                        + " bytes of memory");
            }
            sections.add(s);
        }
        return new TdvfMetadata(copy, List.copyOf(sections));
    }

    /** The descriptor's file offset: via the OVMF footer table, else td-shim's pointer at end − 0x20. */
    private static long locateDescriptor(byte[] image, LeReader r) throws MalformedEvidenceException {
        OvmfFooterTable table = OvmfFooterTable.parse(image);
        if (!table.isEmpty()) {
            OptionalLong fromEnd = table.u32(ENTRY, "TDX metadata offset");
            if (fromEnd.isEmpty()) {
                throw new MalformedEvidenceException("not a TDVF image: the OVMF footer table has no TDX metadata entry");
            }
            return image.length - fromEnd.getAsLong();
        }
        return r.u32(image.length - 0x20L, "td-shim metadata pointer");
    }

    private static long checkDescriptor(LeReader r, long at) throws MalformedEvidenceException {
        r.need(at, 16, "descriptor");
        if (!r.matches(at, SIGNATURE)) {
            throw new MalformedEvidenceException("TDVF metadata: no \"TDVF\" signature at offset " + at);
        }
        long length = r.u32(at + 4, "length");
        long version = r.u32(at + 8, "version");
        long count = r.u32(at + 12, "section count");
        if (version != 1) {
            throw new MalformedEvidenceException("TDVF metadata: version " + version + " (only 1 is defined)");
        }
        if (count == 0 || length != 16 + 32 * count) {
            throw new MalformedEvidenceException("TDVF metadata: length " + length + " does not match " + count
                    + " sections");
        }
        r.need(at, length, count + " sections");
        return count;
    }

    private static TdvfSection readSection(LeReader r, long at, int index) throws MalformedEvidenceException {
        TdvfSection s = new TdvfSection(r.u32(at, "DataOffset"), r.u32(at + 4, "RawDataSize"), r.u64(at + 8,
                "MemoryAddress"), r.u64(at + 16, "MemoryDataSize"), (int) r.u32(at + 24, "Type"), r.u32(at + 28,
                "Attributes"));
        String where = "TDVF metadata: section " + index + " (" + s.typeName() + ")";
        if (Long.remainderUnsigned(s.memoryAddress(), 4096) != 0 || Long.remainderUnsigned(s.memoryDataSize(), 4096) != 0) {
            throw new MalformedEvidenceException(where + " is not 4 KiB aligned");
        }
        if (Long.compareUnsigned(s.memoryAddress(), GPA_LIMIT) >= 0 || Long.compareUnsigned(s.memoryDataSize(),
                GPA_LIMIT - s.memoryAddress()) > 0) {
            throw new MalformedEvidenceException(where + " lies beyond the 52-bit guest-physical space");
        }
        if (s.type() < 0 || s.type() >= TdvfSection.TYPE_COUNT) {
            throw new MalformedEvidenceException(where + " has an undefined type");
        }
        boolean exempt = s.type() == TdvfSection.TD_INFO || (s.memoryAddress() == 0 && s.memoryDataSize() == 0);
        if (!exempt && s.memoryDataSize() < s.rawDataSize()) {
            throw new MalformedEvidenceException(where + ": memory size is below the raw data size");
        }
        if (s.extendsMr()) {
            r.need(s.dataOffset(), s.memoryDataSize(), "measured data of section " + index);
        }
        return s;
    }

    /** The sections in metadata order. */
    public List<TdvfSection> sections() {
        return sections;
    }

    /** The image (not copied: package callers only hash it). */
    byte[] image() {
        return image;
    }

    /** The raw bytes of a section as stored in the image file (e.g. the CFV). */
    public byte[] rawData(TdvfSection s) throws MalformedEvidenceException {
        return new LeReader(image, "TDVF image").bytes(s.dataOffset(), (int) Math.min(s.rawDataSize(), Integer.MAX_VALUE),
                s.typeName() + " data");
    }
}
