package io.tee4j.measure.snp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.internal.Le;
import io.tee4j.measure.internal.LeReader;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SNP ID block (SNP_LAUNCH_FINISH, 96 bytes): {@code LD[48] ‖ FAMILY_ID[16] ‖ IMAGE_ID[16] ‖
 * u32 VERSION (1) ‖ u32 GUEST_SVN ‖ u64 POLICY}. The secure processor refuses the launch when LD
 * differs from the launch digest it computed or POLICY from the launch policy; FAMILY_ID, IMAGE_ID
 * and GUEST_SVN then appear in every attestation report. Immutable.
 *
 * @param launchDigest the expected launch digest (48 bytes)
 * @param familyId     16 bytes chosen by the guest owner
 * @param imageId      16 bytes chosen by the guest owner
 * @param guestSvn     the guest's security version number (unsigned 32-bit)
 * @param policy       the guest policy the launch must use (e.g. 0x30000)
 * @since 0.1
 */
public record IdBlock(byte[] launchDigest, byte[] familyId, byte[] imageId, long guestSvn, long policy) {
    /** Size of the structure. */
    public static final int BYTES = 96;
    /** The only defined VERSION. */
    public static final int VERSION = 1;
    /** sev-snp-measure's and virtee/sev's default policy: SMT allowed, ABI 0.0, bit 17 (reserved, must be one). */
    public static final long DEFAULT_POLICY = 0x30000L;

    public IdBlock {
        launchDigest = exact(launchDigest, 48, "launch digest");
        familyId = exact(familyId, 16, "family ID");
        imageId = exact(imageId, 16, "image ID");
        if (guestSvn < 0 || guestSvn > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("guest SVN " + guestSvn + " is not an unsigned 32-bit value");
        }
    }

    /** An ID block with zero family and image IDs, SVN 0 and {@link #DEFAULT_POLICY}. */
    public static IdBlock of(byte[] launchDigest) {
        return new IdBlock(launchDigest, new byte[16], new byte[16], 0, DEFAULT_POLICY);
    }

    /** The 96 bytes. */
    public byte[] encode() {
        byte[] b = new byte[BYTES];
        System.arraycopy(launchDigest, 0, b, 0, 48);
        System.arraycopy(familyId, 0, b, 48, 16);
        System.arraycopy(imageId, 0, b, 64, 16);
        Le.putU32(b, 80, VERSION);
        Le.putU32(b, 84, guestSvn);
        Le.putU64(b, 88, policy);
        return b;
    }

    /** Parses 96 bytes; VERSION must be 1. */
    public static IdBlock parse(byte[] b) throws MalformedEvidenceException {
        if (Objects.requireNonNull(b, "b").length != BYTES) {
            throw new MalformedEvidenceException("ID block: " + b.length + " bytes, not " + BYTES);
        }
        LeReader r = new LeReader(b, "ID block");
        long version = r.u32(80, "version");
        if (version != VERSION) {
            throw new MalformedEvidenceException("ID block: version " + version + " (only 1 is defined)");
        }
        return new IdBlock(r.bytes(0, 48, "LD"), r.bytes(48, 16, "family ID"), r.bytes(64, 16, "image ID"),
                r.u32(84, "guest SVN"), r.u64(88, "policy"));
    }

    @Override
    public byte[] launchDigest() {
        return launchDigest.clone();
    }

    @Override
    public byte[] familyId() {
        return familyId.clone();
    }

    @Override
    public byte[] imageId() {
        return imageId.clone();
    }

    private static byte[] exact(byte[] v, int n, String what) {
        if (Objects.requireNonNull(v, what).length != n) {
            throw new IllegalArgumentException("the " + what + " is " + n + " bytes, not " + v.length);
        }
        return v.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdBlock && Arrays.equals(encode(), ((IdBlock) o).encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "IdBlock[" + java.util.HexFormat.of().formatHex(encode()) + "]";
    }
}
