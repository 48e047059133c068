package io.tee4j.measure.tdx;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.LeReader;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Authenticode SHA-384 of a PE/COFF image, as UEFI firmware measures an EFI application it
 * loads (EV_EFI_BOOT_SERVICES_APPLICATION): the headers up to SizeOfHeaders without the CheckSum
 * field and the certificate-table directory entry, then every section with raw data in file order,
 * then — when there is a certificate table — the bytes after the sections except the table. Like
 * dstack-mr, the image is then padded with zeros to a multiple of 8 bytes.
 *
 * <p>Bounded: every offset is checked against the image, at most 96 sections (the PE loader limit)
 * are read, and sections that together claim more bytes than the image holds (overlapping ranges
 * would make the hash cost unbounded) are a {@link MalformedEvidenceException}. Signatures in the
 * certificate table are not checked.
 *
 * @since 0.1
 */
public final class PeAuthenticode {
    private static final int MAX_SECTIONS = 96;

    private PeAuthenticode() {
    }

    /** The Authenticode SHA-384 digest of {@code image}. */
    public static byte[] sha384(byte[] image) throws MalformedEvidenceException {
        LeReader r = new LeReader(image, "PE image");
        long pe = r.u32(0x3C, "e_lfanew");
        if (r.u32(pe, "PE signature") != 0x00004550L) {
            throw new MalformedEvidenceException("PE image: no \"PE\\0\\0\" signature at 0x" + Long.toHexString(pe));
        }
        long coff = pe + 4;
        int sectionCount = r.u16(coff + 2, "NumberOfSections");
        long optional = coff + 20;
        int magic = r.u16(optional, "optional header magic");
        if (magic != 0x10B && magic != 0x20B) {
            throw new MalformedEvidenceException("PE image: optional header magic 0x" + Integer.toHexString(magic));
        }
        long checksum = optional + 64;
        long certDirectory = optional + (magic == 0x20B ? 112 : 96) + 4 * 8;
        long headersEnd = r.u32(optional + 60, "SizeOfHeaders");
        if (!(checksum + 4 <= certDirectory && certDirectory + 8 <= headersEnd && headersEnd <= image.length)) {
            throw new MalformedEvidenceException("PE image: SizeOfHeaders " + headersEnd + " does not cover the headers");
        }
        MessageDigest md = Digests.sha384();
        md.update(image, 0, (int) checksum);
        md.update(image, (int) checksum + 4, (int) (certDirectory - checksum - 4));
        md.update(image, (int) certDirectory + 8, (int) (headersEnd - certDirectory - 8));
        long sectionTable = optional + r.u16(coff + 16, "SizeOfOptionalHeader");
        long hashed = hashSections(md, r, image, sectionTable, sectionCount, headersEnd);
        hashTrailingData(md, r, image, certDirectory, hashed);
        if (image.length % 8 != 0) {
            md.update(new byte[8 - image.length % 8]);
        }
        return md.digest();
    }

    /** The sections with raw data, by file offset; returns SUM_OF_BYTES_HASHED (headers included). */
    private static long hashSections(MessageDigest md, LeReader r, byte[] image, long table, int count, long headers)
            throws MalformedEvidenceException {
        if (count > MAX_SECTIONS) {
            throw new MalformedEvidenceException("PE image: " + count + " sections (at most " + MAX_SECTIONS + ")");
        }
        List<long[]> sections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long size = r.u32(table + 40L * i + 16, "SizeOfRawData");
            long pointer = r.u32(table + 40L * i + 20, "PointerToRawData");
            if (size > 0) {
                sections.add(new long[] {pointer, size});
            }
        }
        sections.sort(Comparator.comparingLong(s -> s[0]));
        long sum = headers;
        long actuallyHashed = 0;
        for (long[] s : sections) {
            long available = Math.max(0, Math.min(s[1], image.length - s[0]));
            actuallyHashed += available;
            if (actuallyHashed > image.length) {
                throw new MalformedEvidenceException("PE image: sections overlap (they cover more bytes than the image)");
            }
            if (available > 0) {
                md.update(image, (int) s[0], (int) available);
            }
            sum += s[1];
        }
        return sum;
    }

    /** Bytes after the sections, minus the certificate table, when there is one. */
    private static void hashTrailingData(MessageDigest md, LeReader r, byte[] image, long certDirectory, long hashed)
            throws MalformedEvidenceException {
        long certAddress = r.u32(certDirectory, "certificate table address");
        long certSize = r.u32(certDirectory + 4, "certificate table size");
        if (certAddress == 0 || certSize == 0 || image.length <= hashed) {
            return;
        }
        long trailing = image.length - hashed;
        if (trailing > certSize) {
            md.update(image, (int) hashed, (int) (trailing - certSize));
        }
    }
}
