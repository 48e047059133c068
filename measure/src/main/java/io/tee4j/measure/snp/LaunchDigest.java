package io.tee4j.measure.snp;

import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SEV-SNP launch digest as the AMD secure processor accumulates it during
 * SNP_LAUNCH_UPDATE: it starts as 48 zero bytes (or a given seed) and every 4 KiB page does
 * {@code LD = SHA-384(PAGE_INFO)}, where PAGE_INFO (0x70 bytes) is
 * {@code LD[48] ‖ CONTENTS[48] ‖ u16 length 0x70 ‖ u8 page type ‖ u8 IMI 0 ‖ 3 × u8 VMPL permissions 0
 * ‖ u8 0 ‖ u64 GPA}. CONTENTS is the page's SHA-384 for {@link PageType#NORMAL} and
 * {@link PageType#VMSA} pages, zero otherwise (see {@link PageType}).
 *
 * <p>This class only chains; which pages a launch adds in which order is
 * {@link SnpLaunchDigest}'s job. Not thread-safe.
 *
 * @since 0.1
 */
public final class LaunchDigest {
    /** Page size of SNP_LAUNCH_UPDATE. */
    public static final int PAGE = 4096;
    /** The GPA recorded for VMSA pages: (u64) -1, page-aligned, bits above 51 clear. */
    public static final long VMSA_GPA = 0xFFFFFFFFF000L;
    private static final int PAGE_INFO_BYTES = 0x70;
    private static final byte[] ZERO_CONTENTS = new byte[Digests.SHA384_BYTES];

    private final MessageDigest chain = Digests.sha384();
    private final MessageDigest pageHash = Digests.bulkSha384();
    private final byte[] pageInfo = new byte[PAGE_INFO_BYTES];
    private final byte[] contents = new byte[Digests.SHA384_BYTES];
    private long pages;

    /** A digest starting from 48 zero bytes. */
    public LaunchDigest() {
        this(new byte[Digests.SHA384_BYTES]);
    }

    /** A digest starting from {@code seed} (48 bytes), e.g. a precomputed firmware digest. */
    public LaunchDigest(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != Digests.SHA384_BYTES) {
            throw new IllegalArgumentException("a launch digest is 48 bytes, not " + seed.length);
        }
        System.arraycopy(seed, 0, pageInfo, 0, Digests.SHA384_BYTES);
        Le.putU16(pageInfo, 0x60, PAGE_INFO_BYTES);
    }

    /** The current digest. */
    public byte[] digest() {
        return Arrays.copyOf(pageInfo, Digests.SHA384_BYTES);
    }

    /** How many pages were chained so far. */
    public long pageCount() {
        return pages;
    }

    /** Chains {@code length / 4096} NORMAL pages of {@code data} from {@code offset}, at {@code gpa} upwards. */
    public void updateNormalPages(long gpa, byte[] data, int offset, int length) {
        requirePageMultiple(length);
        for (int p = 0; p < length; p += PAGE) {
            pageHash.update(data, offset + p, PAGE);
            finishInto(pageHash, contents);
            update(PageType.NORMAL, gpa + p, contents);
        }
    }

    /** Chains one VMSA page (4096 bytes) at {@link #VMSA_GPA}. */
    public void updateVmsaPage(byte[] vmsa) {
        if (vmsa.length != PAGE) {
            throw new IllegalArgumentException("a VMSA page is 4096 bytes, not " + vmsa.length);
        }
        pageHash.update(vmsa);
        finishInto(pageHash, contents);
        update(PageType.VMSA, VMSA_GPA, contents);
    }

    /** Chains {@code length / 4096} pages of a type whose contents are not measured. */
    public void updateUnmeasuredContents(PageType type, long gpa, long length) {
        if (type.contentsMeasured()) {
            throw new IllegalArgumentException(type + " pages have measured contents");
        }
        requirePageMultiple(length);
        for (long p = 0; p < length; p += PAGE) {
            update(type, gpa + p, ZERO_CONTENTS);
        }
    }

    /** One PAGE_INFO step with the given CONTENTS digest. */
    public void update(PageType type, long gpa, byte[] contentsDigest) {
        System.arraycopy(contentsDigest, 0, pageInfo, 0x30, Digests.SHA384_BYTES);
        pageInfo[0x62] = (byte) type.code();
        Le.putU64(pageInfo, 0x68, gpa);
        chain.update(pageInfo);
        finishInto(chain, pageInfo);
        pages++;
    }

    private static void requirePageMultiple(long length) {
        if (length < 0 || length % PAGE != 0) {
            throw new IllegalArgumentException(length + " bytes is not a whole number of 4 KiB pages");
        }
    }

    /** Writes the digest into the first 48 bytes of {@code out} (no allocation on the hot path). */
    private static void finishInto(MessageDigest md, byte[] out) {
        try {
            md.digest(out, 0, Digests.SHA384_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-384 output does not fit 48 bytes", e);
        }
    }
}
