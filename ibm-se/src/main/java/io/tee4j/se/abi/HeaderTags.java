package io.tee4j.se.abi;

import io.tee4j.core.MalformedEvidenceException;
import java.util.Arrays;

/**
 * The 208 bytes of an SE image's boot-header tags that the measurement covers: page-list digest
 * (PLD, 64), address-list digest (ALD, 64), tweak-list digest (TLD, 64) and the header's GCM tag
 * (16). The tag authenticates the whole header, so pinning these bytes pins the image, its
 * control flags and its keyslots. Holding them verifies nothing by itself.
 *
 * @since 0.3
 */
public final class HeaderTags {
    /** Size of the tag set in bytes. */
    public static final int SIZE = 208;
    private final byte[] bytes;

    private HeaderTags(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Reads a 208-byte tag set (PLD ‖ ALD ‖ TLD ‖ tag). */
    public static HeaderTags of(byte[] tags) throws MalformedEvidenceException {
        if (tags.length != SIZE) {
            throw new MalformedEvidenceException("SE header tags must be " + SIZE + " bytes, not " + tags.length);
        }
        return new HeaderTags(tags.clone());
    }

    /** Builds the tag set from its four parts. */
    public static HeaderTags of(byte[] pld, byte[] ald, byte[] tld, byte[] tag) throws MalformedEvidenceException {
        byte[] out = new byte[SIZE];
        copy(pld, out, 0, 64, "PLD");
        copy(ald, out, 64, 64, "ALD");
        copy(tld, out, 128, 64, "TLD");
        copy(tag, out, 192, 16, "SE header tag");
        return new HeaderTags(out);
    }

    private static void copy(byte[] src, byte[] dst, int at, int len, String what) throws MalformedEvidenceException {
        if (src.length != len) {
            throw new MalformedEvidenceException(what + " must be " + len + " bytes, not " + src.length);
        }
        System.arraycopy(src, 0, dst, at, len);
    }

    /** PLD ‖ ALD ‖ TLD ‖ tag, as the measurement input starts. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The SE header's 16-byte GCM tag. */
    public byte[] tag() {
        return Arrays.copyOfRange(bytes, 192, SIZE);
    }

    /** The page-list digest. */
    public byte[] pld() {
        return Arrays.copyOfRange(bytes, 0, 64);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderTags t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
