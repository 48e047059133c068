package io.tee4j.envelope;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.LittleEndian;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            EnvelopeReaders.onlyKnown(e, Set.of("cert_type", "data"), "$." + path);
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

    /**
     * The entries of a GHCB certificate table (an extended report's, or the auxiliary blob of SNP
     * evidence): 24-byte rows up to the all-zero one, each naming data inside the blob.
     */
    static CertTable fromGhcb(byte[] table) throws MalformedEvidenceException {
        List<Entry> out = new ArrayList<>();
        for (int row = 0;; row += 24) {
            if (row + 24 > table.length || out.size() > MAX_ENTRIES) {
                throw new MalformedEvidenceException("SNP certificate table: no terminating entry within "
                        + MAX_ENTRIES + " entries and " + table.length + " bytes");
            }
            ByteBuffer guidBytes = ByteBuffer.wrap(table, row, 16);
            UUID guid = new UUID(guidBytes.getLong(), guidBytes.getLong());
            long offset = LittleEndian.u32(table, row + 16);
            long length = LittleEndian.u32(table, row + 20);
            if (guid.getMostSignificantBits() == 0 && guid.getLeastSignificantBits() == 0) {
                return new CertTable(out);
            }
            if (offset > table.length || length > table.length - offset) {
                throw new MalformedEvidenceException("SNP certificate table entry " + out.size()
                        + " points outside the table");
            }
            byte[] data = Arrays.copyOfRange(table, (int) offset, (int) (offset + length));
            out.add(new Entry(nameOf(guid), guid, data));
        }
    }

    /** A table of {@code certificates} (DER), each named by its subject as AMD names them (see {@link #typeOf}). */
    static CertTable ofCertificates(List<byte[]> certificates) throws MalformedEvidenceException {
        List<Entry> out = new ArrayList<>();
        for (byte[] der : certificates) {
            String name = typeOf(der);
            out.add(new Entry(name, UUID.fromString(GUIDS.get(name)), der));
        }
        return new CertTable(out);
    }

    /**
     * This table's entries followed by those of {@code more} it does not already hold: a certificate
     * both in the table and beside it is listed once; two different certificates of one type are
     * refused (trustee would use one of them, and which is not this writer's guess).
     */
    CertTable plus(CertTable more) throws MalformedEvidenceException {
        List<Entry> all = new ArrayList<>(entries);
        for (Entry e : more.entries) {
            Entry same = all.stream().filter(a -> a.guid().equals(e.guid())).findFirst().orElse(null);
            if (same == null) {
                all.add(e);
            } else if (!Arrays.equals(same.data(), e.data())) {
                throw new MalformedEvidenceException("SNP evidence carries two different " + e.name()
                        + " certificates; trustee's cert_chain takes one");
            }
        }
        return new CertTable(all);
    }

    /**
     * The sev crate's type of an AMD certificate, by the subject's common name: "SEV-VCEK" and
     * "SEV-VLEK" are the signing keys, "ARK-&lt;product&gt;" the root, any other "SEV-..." (the ASK
     * "SEV-&lt;product&gt;", the ASVK "SEV-VLEK-&lt;product&gt;") the intermediate. A certificate of
     * another name has no place in trustee's chain and is refused rather than guessed.
     */
    private static String typeOf(byte[] der) throws MalformedEvidenceException {
        String cn;
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            cn = commonName(c.getSubjectX500Principal().getName());
        } catch (CertificateException | ClassCastException e) {
            throw new MalformedEvidenceException("an SNP evidence certificate is not X.509 DER: " + e.getMessage(), e);
        }
        if (cn.equals("SEV-VCEK") || cn.equals("SEV-VLEK")) {
            return cn.substring(4);
        }
        if (cn.startsWith("ARK-")) {
            return "ARK";
        }
        if (cn.startsWith("SEV-")) {
            return "ASK";
        }
        throw new MalformedEvidenceException("certificate \"" + cn + "\" is no AMD ARK, ASK, VCEK or VLEK, so it "
                + "has no type in trustee's SNP cert_chain");
    }

    private static String commonName(String rfc2253) throws MalformedEvidenceException {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(rfc2253).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            throw new MalformedEvidenceException("certificate subject: " + e.getMessage(), e);
        }
        return "";
    }

    private static String nameOf(UUID guid) {
        for (Map.Entry<String, String> e : GUIDS.entrySet()) {
            if (e.getValue().equals(guid.toString())) {
                return e.getKey();
            }
        }
        return "OTHER " + guid;
    }

    /** The sev crate's serde of the entries: {@code [{"cert_type": name or {"OTHER": uuid}, "data": [bytes]}]}. */
    List<Object> toSerde() {
        List<Object> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cert_type", e.name().startsWith("OTHER ") ? Map.of("OTHER", e.guid().toString()) : e.name());
            m.put("data", SevSerdeWriter.byteArray(e.data(), 0, e.data().length));
            out.add(m);
        }
        return out;
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
