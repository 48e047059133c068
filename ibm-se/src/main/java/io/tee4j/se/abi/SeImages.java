package io.tee4j.se.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.util.Arrays;

/**
 * Finds the SE header inside a whole SE image, as pvattest does when given an image instead of a
 * header file: the "SeImgLnx" metadata at 0xc000 names the header's offset; without it, the
 * first 0x15 page-aligned offsets are scanned for the "IBMSecEx" magic. Only page-aligned
 * offsets count. Finding a header verifies nothing about it.
 *
 * @since 0.3
 */
public final class SeImages {
    private static final byte[] METADATA_MAGIC = {'S', 'e', 'I', 'm', 'g', 'L', 'n', 'x'};
    private static final int METADATA_OFFSET = 0xc000;
    private static final int PAGE = 0x1000;
    private static final int SCANNED_PAGES = 0x15;

    private SeImages() {
    }

    /** The header of {@code image} (a header file is returned as itself). */
    public static SeHeader header(byte[] image) throws MalformedEvidenceException {
        int offset = offset(image);
        ByteReader r = ByteReader.of(image);
        r.seek(offset + 12, "SE header size");
        long size = r.u32Be("SE header size");
        if (size > SeHeader.MAX_SIZE || offset + size > image.length) {
            throw new MalformedEvidenceException("SE header at 0x" + Integer.toHexString(offset) + " runs past the image");
        }
        return SeHeader.parse(Arrays.copyOfRange(image, offset, (int) (offset + size)));
    }

    private static int offset(byte[] image) throws MalformedEvidenceException {
        if (magicAt(image, METADATA_OFFSET, METADATA_MAGIC)) {
            long at = ByteReader.of(image).seek(METADATA_OFFSET + 8, "SE image metadata").u64Be("SE header offset");
            if (at < 0 || at > image.length - 16L || !magicAt(image, (int) at, SeHeader.MAGIC)) {
                throw new MalformedEvidenceException("SE image metadata names no SE header at 0x" + Long.toHexString(at));
            }
            return (int) at;
        }
        for (int page = 0; page < SCANNED_PAGES; page++) {
            if (magicAt(image, page * PAGE, SeHeader.MAGIC)) {
                return page * PAGE;
            }
        }
        throw new MalformedEvidenceException("no SE header (IBMSecEx) at a page-aligned offset of the first "
                + SCANNED_PAGES + " pages");
    }

    private static boolean magicAt(byte[] image, int at, byte[] magic) {
        return at >= 0 && image.length - at >= magic.length
                && Arrays.equals(image, at, at + magic.length, magic, 0, magic.length);
    }
}
