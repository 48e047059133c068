package io.tee4j.measure.ovmf;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.internal.LeReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The OVMF footer GUID table of a firmware image.
 *
 * <p>Layout (edk2 {@code OvmfPkg/ResetVector}, as sev-snp-measure, dstack-mr and td-shim read it):
 * the last 32 bytes of the image are the reset-vector area; just before them is the footer entry
 * {@code u16 totalLength, GUID 96b582de-1fb2-45f7-baea-a366c55a082d}, where {@code totalLength}
 * counts the whole table including this 18-byte footer. The entries precede it and are walked
 * backwards: each one ends with {@code u16 entryLength, GUID}, its data before that, and
 * {@code entryLength} counts the 18-byte trailer too. The walk stops when fewer than 18 bytes are
 * left.
 *
 * <p>An image without the footer GUID has no table ({@link #isEmpty()}), which is not an error:
 * such a firmware simply carries no SEV or TDX metadata. A footer or entry length that points
 * outside the image, an entry shorter than its own trailer, and a GUID that occurs twice (the
 * references disagree on which copy wins) are {@link MalformedEvidenceException}s.
 *
 * <p>Only the table is parsed here; what an entry's data means is up to its reader.
 *
 * @since 0.1
 */
public final class OvmfFooterTable {
    /** The GUID of the footer entry that closes the table. */
    public static final Guid FOOTER = Guid.parse("96b582de-1fb2-45f7-baea-a366c55a082d");
    /** Bytes between the end of the table and the end of the image (the reset vector). */
    public static final int RESET_VECTOR_BYTES = 32;
    /** Bytes of an entry's trailer: {@code u16 length, GUID}. */
    public static final int ENTRY_TRAILER_BYTES = 18;

    private final Map<Guid, byte[]> entries;

    private OvmfFooterTable(Map<Guid, byte[]> entries) {
        this.entries = entries;
    }

    /** Parses the table of {@code image}; an image without a footer yields an empty table. */
    public static OvmfFooterTable parse(byte[] image) throws MalformedEvidenceException {
        Objects.requireNonNull(image, "image");
        LeReader r = new LeReader(image, "OVMF footer table");
        long footerStart = (long) image.length - RESET_VECTOR_BYTES - ENTRY_TRAILER_BYTES;
        if (footerStart < 0 || !FOOTER.isAt(image, (int) footerStart + 2)) {
            return new OvmfFooterTable(Map.of());
        }
        int tableLength = r.u16(footerStart, "footer length") - ENTRY_TRAILER_BYTES;
        if (tableLength < 0) {
            // sev-snp-measure reads such a footer as "no table"; so do we.
            return new OvmfFooterTable(Map.of());
        }
        if (tableLength > footerStart) {
            throw new MalformedEvidenceException("OVMF footer table: length " + tableLength
                    + " reaches before the start of the " + image.length + "-byte image");
        }
        return new OvmfFooterTable(walkEntries(r, (int) footerStart - tableLength, (int) footerStart));
    }

    /** Walks the entries backwards from {@code end} down to {@code start}. */
    private static Map<Guid, byte[]> walkEntries(LeReader r, int start, int end) throws MalformedEvidenceException {
        Map<Guid, byte[]> out = new LinkedHashMap<>();
        int cursor = end;
        while (cursor - start >= ENTRY_TRAILER_BYTES) {
            int length = r.u16(cursor - ENTRY_TRAILER_BYTES, "entry length");
            Guid guid = Guid.fromStored(r.bytes(cursor - 16, 16, "entry GUID"), 0);
            if (length < ENTRY_TRAILER_BYTES) {
                throw new MalformedEvidenceException("OVMF footer table: entry " + guid + " has length " + length
                        + ", shorter than its own " + ENTRY_TRAILER_BYTES + "-byte trailer");
            }
            if (length > cursor - start) {
                throw new MalformedEvidenceException("OVMF footer table: entry " + guid + " of " + length
                        + " bytes runs past the start of the table");
            }
            byte[] data = r.bytes(cursor - length, length - ENTRY_TRAILER_BYTES, "entry data");
            if (out.put(guid, data) != null) {
                throw new MalformedEvidenceException("OVMF footer table: entry " + guid + " occurs twice");
            }
            cursor -= length;
        }
        return Collections.unmodifiableMap(out);
    }

    /** True when the image has no footer table. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries, GUID to data, in the order walked (from the end of the image backwards). */
    public Map<Guid, byte[]> entries() {
        Map<Guid, byte[]> copy = new LinkedHashMap<>();
        entries.forEach((g, d) -> copy.put(g, d.clone()));
        return copy;
    }

    /** The data of the entry with this GUID. */
    public Optional<byte[]> entry(Guid guid) {
        return Optional.ofNullable(entries.get(guid)).map(byte[]::clone);
    }

    /** The first four data bytes of the entry, little-endian; empty when there is no such entry. */
    public OptionalLong u32(Guid guid, String meaning) throws MalformedEvidenceException {
        byte[] data = entries.get(guid);
        if (data == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(new LeReader(data, "OVMF footer entry " + meaning).u32(0, meaning));
    }
}
