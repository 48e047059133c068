package io.tee4j.snp.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The certificate table of an SNP extended report (GHCB specification; also the configfs-tsm
 * {@code auxblob}): 24-byte entries {@code {GUID, offset u32 LE, length u32 LE}} ended by an
 * all-zero entry, then the blobs, with offsets counted from the start of the table.
 *
 * <p>Parsing is bounded: at most {@link #MAX_ENTRIES} entries, at most {@link #MAX_SIZE} bytes;
 * each blob must lie after the terminator and inside the buffer; a GUID may appear once;
 * non-empty blobs may not overlap; the all-zero GUID only terminates. Bytes after the last blob (drivers pad to pages) are ignored.
 * Nothing here checks the certificates themselves.
 *
 * @since 0.1
 */
public final class CertificateTable {
    /** The VCEK certificate (DER). */
    public static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");
    /** The VLEK certificate (DER). */
    public static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
    /** The ASK or ASVK certificate (DER). */
    public static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");
    /** The ARK certificate (DER). */
    public static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");
    /** A CRL (DER). */
    public static final UUID CRL = UUID.fromString("92f81bc3-5811-4d3d-97ff-d19f88dc67ea");

    /** The most entries accepted. */
    public static final int MAX_ENTRIES = 64;
    /** The largest table accepted, in bytes. */
    public static final int MAX_SIZE = 1 << 20;
    private static final int ENTRY = 24;

    /**
     * One entry.
     *
     * @param guid what the blob is
     * @param data the blob
     */
    public record Entry(UUID guid, byte[] data) {
        public Entry {
            Objects.requireNonNull(guid, "guid");
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    private final List<Entry> entries;

    private CertificateTable(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /** A table of the given entries (GUIDs must be distinct). */
    public static CertificateTable of(List<Entry> entries) {
        Set<UUID> seen = new HashSet<>();
        for (Entry e : entries) {
            if (e.guid().getMostSignificantBits() == 0 && e.guid().getLeastSignificantBits() == 0) {
                throw new IllegalArgumentException("the all-zero GUID is the table terminator, not an entry");
            }
            if (!seen.add(e.guid())) {
                throw new IllegalArgumentException("duplicate GUID " + e.guid());
            }
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " entries");
        }
        return new CertificateTable(new ArrayList<>(entries));
    }

    /** Parses a table. An empty buffer or one starting with the terminator is an empty table. */
    public static CertificateTable parse(byte[] table) throws MalformedEvidenceException {
        Objects.requireNonNull(table, "table");
        if (table.length > MAX_SIZE) {
            throw new MalformedEvidenceException("certificate table larger than " + MAX_SIZE + " bytes");
        }
        List<UUID> guids = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        int pos = 0;
        while (true) {
            if (pos + ENTRY > table.length) {
                if (pos == 0 && table.length == 0) {
                    return new CertificateTable(new ArrayList<>());
                }
                throw new MalformedEvidenceException("certificate table has no terminating all-zero entry");
            }
            if (ByteArrays.allZero(table, pos, pos + ENTRY)) {
                break;
            }
            if (guids.size() == MAX_ENTRIES) {
                throw new MalformedEvidenceException("certificate table has more than " + MAX_ENTRIES + " entries");
            }
            UUID guid = guidAt(table, pos);
            if (guid.getMostSignificantBits() == 0 && guid.getLeastSignificantBits() == 0) {
                throw new MalformedEvidenceException("certificate table entry " + guids.size()
                        + " has the all-zero GUID but is not the terminator");
            }
            guids.add(guid);
            spans.add(new long[] {LittleEndian.u32(table, pos + 16), LittleEndian.u32(table, pos + 20)});
            pos += ENTRY;
        }
        long headerEnd = pos + ENTRY;
        List<Entry> out = new ArrayList<>(guids.size());
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < guids.size(); i++) {
            UUID g = guids.get(i);
            long off = spans.get(i)[0];
            long len = spans.get(i)[1];
            if (!seen.add(g)) {
                throw new MalformedEvidenceException("certificate table lists GUID " + g + " twice");
            }
            if (len > 0 && (off < headerEnd || off + len > table.length)) {
                throw new MalformedEvidenceException("certificate table entry " + g + " (offset " + off + ", length "
                        + len + ") lies outside the data area [" + headerEnd + ", " + table.length + ")");
            }
            for (int j = 0; j < i; j++) {
                long o2 = spans.get(j)[0];
                long l2 = spans.get(j)[1];
                if (len > 0 && l2 > 0 && off < o2 + l2 && o2 < off + len) {
                    throw new MalformedEvidenceException("certificate table entries " + guids.get(j) + " and " + g
                            + " overlap");
                }
            }
            out.add(new Entry(g, len == 0 ? new byte[0] : ByteArrays.slice(table, (int) off, (int) len)));
        }
        return new CertificateTable(out);
    }

    private static UUID guidAt(byte[] b, int off) {
        ByteBuffer bb = ByteBuffer.wrap(b, off, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }

    /** The entries, in table order; unmodifiable. */
    public List<Entry> entries() {
        return entries;
    }

    /** The blob of the given GUID. */
    public Optional<byte[]> get(UUID guid) {
        for (Entry e : entries) {
            if (e.guid().equals(guid)) {
                return Optional.of(e.data());
            }
        }
        return Optional.empty();
    }

    /** Encodes the table: entries, terminator, then the blobs in entry order. */
    public byte[] toBytes() {
        int header = (entries.size() + 1) * ENTRY;
        long total = header;
        for (Entry e : entries) {
            total += e.data.length;
        }
        if (total > MAX_SIZE) {
            throw new IllegalStateException("certificate table would exceed " + MAX_SIZE + " bytes");
        }
        byte[] out = new byte[(int) total];
        ByteBuffer bb = ByteBuffer.wrap(out);
        int dataPos = header;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            bb.position(i * ENTRY);
            bb.putLong(e.guid().getMostSignificantBits());
            bb.putLong(e.guid().getLeastSignificantBits());
            LittleEndian.putU32(out, i * ENTRY + 16, e.data.length == 0 ? 0 : dataPos);
            LittleEndian.putU32(out, i * ENTRY + 20, e.data.length);
            System.arraycopy(e.data, 0, out, dataPos, e.data.length);
            dataPos += e.data.length;
        }
        return out;
    }

    @Override
    public String toString() {
        return "CertificateTable" + entries.stream().map(e -> e.guid() + ":" + e.data.length).toList();
    }
}
