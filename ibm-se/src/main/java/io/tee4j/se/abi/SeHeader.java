package io.tee4j.se.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed SE image header version 1 ("IBMSecEx"), as {@code pvextract-hdr} writes it: the
 * plaintext fields, the three list digests, the keyslots (one per host key the image may run on)
 * and the header's GCM tag.
 *
 * <p>Checked: magic, version 0x100, that the header-size field equals the given length and the
 * sum of its parts, at least one keyslot. Not checked: the header's GCM tag (only the Ultravisor
 * holds the key); the measurement check binds these bytes instead.
 *
 * @param nep number of encrypted pages
 * @param pcf plaintext control flags
 * @param tags PLD ‖ ALD ‖ TLD ‖ tag
 * @param keyslotPhkhs the host-key hash of each keyslot, in order
 * @since 0.3
 */
public record SeHeader(long nep, long pcf, HeaderTags tags, List<byte[]> keyslotPhkhs) {
    /** "IBMSecEx". */
    public static final byte[] MAGIC = {'I', 'B', 'M', 'S', 'e', 'c', 'E', 'x'};
    /** Upper bound on a header file read here; real headers are a few KiB. */
    public static final int MAX_SIZE = 1 << 20;
    private static final int KEYSLOTS_OFFSET = 0x1a0;

    public SeHeader {
        keyslotPhkhs = keyslotPhkhs.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> keyslotPhkhs() {
        return keyslotPhkhs.stream().map(byte[]::clone).toList();
    }

    /** Parses {@code bytes}, which must be exactly one header. */
    public static SeHeader parse(byte[] bytes) throws MalformedEvidenceException {
        if (bytes.length > MAX_SIZE) {
            throw new MalformedEvidenceException("SE header of " + bytes.length + " bytes is larger than " + MAX_SIZE);
        }
        ByteReader r = ByteReader.of(bytes);
        if (!java.util.Arrays.equals(r.bytes(8, "SE header magic"), MAGIC)) {
            throw new MalformedEvidenceException("not an SE header: magic is not IBMSecEx");
        }
        long version = r.u32Be("SE header version");
        if (version != 0x100) {
            throw new MalformedEvidenceException("unsupported SE header version 0x" + Long.toHexString(version));
        }
        long phs = r.u32Be("SE header size");
        r.skip(12 + 4, "SE header IV");
        long nks = r.u64Be("SE header keyslot count");
        long sea = r.u64Be("SE header encrypted size");
        long nep = r.u64Be("SE header page count");
        long pcf = r.u64Be("SE header control flags");
        checkSize(bytes.length, phs, nks, sea);
        r.skip(160, "SE header customer key");
        byte[] pld = r.bytes(64, "PLD");
        byte[] ald = r.bytes(64, "ALD");
        byte[] tld = r.bytes(64, "TLD");
        List<byte[]> phkhs = new ArrayList<>();
        for (int i = 0; i < nks; i++) {
            phkhs.add(Keyslot.read(r, i).phkh());
        }
        r.seek(bytes.length - 16, "SE header tag");
        return new SeHeader(nep, pcf, HeaderTags.of(pld, ald, tld, r.bytes(16, "SE header tag")), phkhs);
    }

    private static void checkSize(int length, long phs, long nks, long sea) throws MalformedEvidenceException {
        if (phs != length) {
            throw new MalformedEvidenceException("SE header says it is " + phs + " bytes long but " + length + " were given");
        }
        if (nks == 0 || nks > MAX_SIZE / Keyslot.SIZE || sea > MAX_SIZE) {
            throw new MalformedEvidenceException("SE header keyslot count " + nks + " or encrypted size " + sea + " is out of range");
        }
        long expected = KEYSLOTS_OFFSET + nks * Keyslot.SIZE + sea + 16;
        if (expected != length) {
            throw new MalformedEvidenceException("SE header parts add up to " + expected + " bytes, not " + length);
        }
    }
}
