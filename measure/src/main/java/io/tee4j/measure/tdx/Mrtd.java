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
    private static final byte[] PAGE_ADD = "MEM.PAGE.ADD".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MR_EXTEND = "MR.EXTEND".getBytes(StandardCharsets.US_ASCII);

    private Mrtd() {
    }

    /** MRTD of the image described by {@code tdvf}, with pages added in {@code order}. */
    public static byte[] compute(TdvfMetadata tdvf, PageAddOrder order) {
        Objects.requireNonNull(order, "order");
        MessageDigest md = Digests.bulkSha384();
        byte[] block = new byte[128];
        for (TdvfSection s : tdvf.sections()) {
            if (order == PageAddOrder.TWO_PASS) {
                for (long p = 0; p < s.pages(); p++) {
                    pageAdd(md, block, s, p);
                }
                for (long p = 0; p < s.pages(); p++) {
                    extend(md, block, tdvf.image(), s, p);
                }
            } else {
                for (long p = 0; p < s.pages(); p++) {
                    pageAdd(md, block, s, p);
                    extend(md, block, tdvf.image(), s, p);
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

    /** The sixteen TDH.MR.EXTEND blocks of page {@code p}, if the section is measured. */
    private static void extend(MessageDigest md, byte[] block, byte[] image, TdvfSection s, long p) {
        if (!s.extendsMr()) {
            return;
        }
        for (int c = 0; c < PAGE / CHUNK; c++) {
            absorbHeader(md, block, MR_EXTEND, s.memoryAddress() + p * PAGE + (long) c * CHUNK);
            // TdvfMetadata checked that DataOffset + MemoryDataSize lies inside the image.
            md.update(image, (int) (s.dataOffset() + p * PAGE + (long) c * CHUNK), CHUNK);
        }
    }

    private static void absorbHeader(MessageDigest md, byte[] block, byte[] operation, long gpa) {
        java.util.Arrays.fill(block, (byte) 0);
        System.arraycopy(operation, 0, block, 0, operation.length);
        Le.putU64(block, 16, gpa);
        md.update(block);
    }
}
