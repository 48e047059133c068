package io.tee4j.measure.tdx;

import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * MRTD, the TD's build-time measurement, as the TDX module accumulates it: one running SHA-384
 * (not a chain of digests) over 128-byte blocks, from TD initialisation to TDH.MR.FINALIZE.
 * <ul>
 *   <li>TDH.MEM.PAGE.ADD of each 4 KiB page: {@code "MEM.PAGE.ADD"}, zero to byte 16, the GPA
 *       (u64 little-endian) at 16..24, zero to 128 — skipped for PAGE.AUG sections;
 *   <li>TDH.MR.EXTEND of each 256-byte chunk of an MR.EXTEND section: {@code "MR.EXTEND"}, zero to
 *       16, the chunk's GPA at 16..24, zero to 128, then the 256 bytes read from the image at
 *       DataOffset + page·4096 + chunk·256.
 * </ul>
 * Sections are processed in metadata order, each in the {@link PageAddOrder} the VMM uses.
 *
 * <p>Not modelled: Google's hypervisor, which extends every metadata region and lays out RAM per
 * machine shape (gce-tcb-verifier), so GCE's MRTD differs from QEMU's; td-shim payloads added by
 * the VMM outside the metadata.
 *
 * @since 0.1
 */
public final class Mrtd {
    private static final int PAGE = 4096;
    private static final int CHUNK = 256;
    /** Each operation's 128-byte header block. */
    private static final int HEADER = 128;
    private static final byte[] PAGE_ADD = "MEM.PAGE.ADD".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MR_EXTEND = "MR.EXTEND".getBytes(StandardCharsets.US_ASCII);

    private Mrtd() {
    }

    /** MRTD of the image described by {@code tdvf}, with pages added in {@code order}. */
    public static byte[] compute(TdvfMetadata tdvf, PageAddOrder order) {
        Objects.requireNonNull(order, "order");
        MessageDigest md = Digests.bulkSha384();
        byte[] block = new byte[HEADER];
        // Reused for every page: only the operation, the GPA and the data are written, the rest stays zero.
        byte[] extendBuffer = new byte[(PAGE / CHUNK) * (HEADER + CHUNK)];
        for (TdvfSection s : tdvf.sections()) {
            if (order == PageAddOrder.TWO_PASS) {
                for (long p = 0; p < s.pages(); p++) {
                    pageAdd(md, block, s, p);
                }
                for (long p = 0; p < s.pages(); p++) {
                    extend(md, extendBuffer, tdvf.image(), s, p);
                }
            } else {
                for (long p = 0; p < s.pages(); p++) {
                    pageAdd(md, block, s, p);
                    extend(md, extendBuffer, tdvf.image(), s, p);
                }
            }
        }
        return md.digest();
    }

    /** The TDH.MEM.PAGE.ADD block of page {@code p}, unless the section is PAGE.AUG. */
    private static void pageAdd(MessageDigest md, byte[] block, TdvfSection s, long p) {
        if (!s.pageAug()) {
            absorbHeader(md, block, PAGE_ADD, s.memoryAddress() + p * PAGE);
        }
    }

    /**
     * The sixteen TDH.MR.EXTEND blocks of page {@code p}, if the section is measured: laid out in one
     * buffer (header, 256 data bytes, header, ...) and absorbed with one update, so the digest runs
     * over 6 KiB at a time instead of 32 small calls (the same bytes, in the same order).
     */
    private static void extend(MessageDigest md, byte[] page, byte[] image, TdvfSection s, long p) {
        if (!s.extendsMr()) {
            return;
        }
        for (int c = 0; c < PAGE / CHUNK; c++) {
            int at = c * (HEADER + CHUNK);
            System.arraycopy(MR_EXTEND, 0, page, at, MR_EXTEND.length);
            Le.putU64(page, at + 16, s.memoryAddress() + p * PAGE + (long) c * CHUNK);
            // TdvfMetadata checked that DataOffset + MemoryDataSize lies inside the image.
            System.arraycopy(image, (int) (s.dataOffset() + p * PAGE + (long) c * CHUNK), page, at + HEADER, CHUNK);
        }
        md.update(page);
    }

    private static void absorbHeader(MessageDigest md, byte[] block, byte[] operation, long gpa) {
        java.util.Arrays.fill(block, (byte) 0);
        System.arraycopy(operation, 0, block, 0, operation.length);
        Le.putU64(block, 16, gpa);
        md.update(block);
    }
}
