package io.tee4j.envelope;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.LittleEndian;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sev crate's parsed certificate table ({@code Vec<CertTableEntry {cert_type, data}>}, serde:
 * {@code cert_type} "ARK", "ASK", "VCEK", "VLEK", "CRL", "Empty" or {@code {"OTHER": "<uuid>"}};
 * {@code data} a byte array) written back as the GHCB certificate table the SNP verifier reads:
 * 24-byte entries {GUID in RFC 4122 byte order, u32 offset, u32 length}, an all-zero entry, then the data.
 */
final class CertTable {
    private static final Map<String, String> GUIDS = Map.of("ARK", "c0b406a4-a803-4952-9743-3fb6014cd0ae",
            "ASK", "4ab7b379-bbac-4fe4-a02f-05aef327c782", "VCEK", "63da758d-e664-4564-adc5-f4b93be8accd",
            "VLEK", "a8074bc2-a25a-483e-aae6-39c045a0b8a1", "CRL", "92f81bc3-5811-4d3d-97ff-d19f88dc67ea");
    /** Most entries accepted (the SNP reader's own limit is 64). */
    private static final int MAX_ENTRIES = 64;

    private record Entry(String name, UUID guid, byte[] data) {
    }

    private final List<Entry> entries;

    private CertTable(List<Entry> entries) {
        this.entries = entries;
    }

    static CertTable fromSerde(List<?> list) throws MalformedEvidenceException {
        if (list.size() > MAX_ENTRIES) {
            throw new MalformedEvidenceException("$.cert_chain has more than " + MAX_ENTRIES + " entries");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "cert_chain[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw new MalformedEvidenceException("$." + path + ": expected an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) raw;
            EnvelopeReaders.onlyKnown(e, java.util.Set.of("cert_type", "data"), "$." + path);
            Object type = e.get("cert_type");
            String name;
            UUID guid;
            if (type instanceof String s && (GUIDS.containsKey(s) || s.equals("Empty"))) {
                name = s;
                guid = s.equals("Empty") ? null : UUID.fromString(GUIDS.get(s));
            } else if (type instanceof Map<?, ?> other && other.size() == 1 && other.get("OTHER") instanceof String u) {
                try {
                    guid = UUID.fromString(u);
                } catch (IllegalArgumentException bad) {
                    throw new MalformedEvidenceException("$." + path + ".cert_type: OTHER is not a UUID");
                }
                name = "OTHER " + u;
            } else {
                throw new MalformedEvidenceException("$." + path + ".cert_type: unknown certificate type");
            }
            byte[] data = SevSerdeReport.bytes(e, "data", -1, path);
            if (guid != null) {
                out.add(new Entry(name, guid, data));
            }
        }
        return new CertTable(out);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    List<String> names() {
        List<String> n = new ArrayList<>();
        entries.forEach(e -> n.add(e.name() + " (" + e.data().length + " bytes)"));
        return n;
    }

    byte[] encode() {
        int offset = 24 * (entries.size() + 1);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] row = new byte[24];
            ByteBuffer.wrap(row).putLong(e.guid().getMostSignificantBits()).putLong(e.guid().getLeastSignificantBits());
            LittleEndian.putU32(row, 16, offset + body.size());
            LittleEndian.putU32(row, 20, e.data().length);
            table.writeBytes(row);
            body.writeBytes(e.data());
        }
        table.writeBytes(new byte[24]);
        table.writeBytes(body.toByteArray());
        return table.toByteArray();
    }
}
