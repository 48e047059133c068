package io.tee4j.vtpm.azure;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.ByteReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Azure HCL report (vTPM NV index 0x01400001): header "HCLA", the hardware report area (an
 * SEV-SNP ATTESTATION_REPORT or a TDX TDREPORT), and the runtime data whose hash the hardware
 * report's REPORT_DATA carries. Little-endian; layout per OpenHCL's {@code IgvmAttestRequestBase}.
 *
 * <p>Parsing checks structure: magic, a known report type (SNP 2, TDX 4), a known hash type
 * (SHA-256, SHA-384, SHA-512), that the runtime data fits the blob and its declared sizes. It does
 * not check the binding ({@link #runtimeDataBound()}) nor anything the hardware signed.
 *
 * @since 0.1
 */
public final class HclReport {
    /** Largest blob accepted (the NV index is 2600 bytes on every VM seen). */
    public static final int MAX_SIZE = 64 * 1024;
    /** The hardware report area. */
    public static final int REPORT_OFFSET = 0x20;
    /** The area is the larger of an SNP report and a TDREPORT. */
    public static final int REPORT_AREA = 1184;
    private static final long MAGIC = 0x414C4348L;
    private static final int REQUEST_DATA = REPORT_OFFSET + REPORT_AREA;

    /** The hardware inside. */
    public enum Type {
        /** An SEV-SNP attestation report (report type 2). */
        SNP(2, 1184, 0x50),
        /** A TDX TDREPORT (report type 4). */
        TDX(4, 1024, 128);

        private final int id;
        private final int size;
        private final int reportDataOffset;

        Type(int id, int size, int reportDataOffset) {
            this.id = id;
            this.size = size;
            this.reportDataOffset = reportDataOffset;
        }
    }

    private final byte[] blob;
    private final long headerVersion;
    private final long requestType;
    private final Type type;
    private final String hashAlgorithm;
    private final byte[] runtimeData;

    private HclReport(byte[] blob, long version, long requestType, Type type, String hash, byte[] runtimeData) {
        this.blob = blob;
        this.headerVersion = version;
        this.requestType = requestType;
        this.type = type;
        this.hashAlgorithm = hash;
        this.runtimeData = runtimeData;
    }

    /** Whether the bytes start with "HCLA". */
    public static boolean looksLikeHcl(byte[] b) {
        return b.length >= 4 && b[0] == 'H' && b[1] == 'C' && b[2] == 'L' && b[3] == 'A';
    }

    /** Parses a blob (trailing padding after the runtime data is ignored). */
    public static HclReport parse(byte[] blob) throws MalformedEvidenceException {
        Objects.requireNonNull(blob, "blob");
        if (blob.length > MAX_SIZE) {
            throw new MalformedEvidenceException("HCL report of " + blob.length + " bytes (at most " + MAX_SIZE + ")");
        }
        ByteReader r = ByteReader.of(blob);
        if (r.u32("HCL signature") != MAGIC) {
            throw new MalformedEvidenceException("not an Azure HCL report (signature 'HCLA' missing)");
        }
        long version = r.u32("HCL header version");
        r.u32("HCL report size");
        long requestType = r.u32("HCL request type");
        r.seek(REQUEST_DATA, "HCL request data");
        long dataSize = r.u32("HCL request data size");
        long requestVersion = r.u32("HCL request data version");
        long reportType = r.u32("HCL report type");
        long hashType = r.u32("HCL report-data hash type");
        int varSize = r.u32AtMost(MAX_SIZE, "HCL runtime data size");
        Type type = reportType == 2 ? Type.SNP : reportType == 4 ? Type.TDX : null;
        if (type == null) {
            throw new MalformedEvidenceException("HCL report type " + reportType + " is neither SNP (2) nor TDX (4)");
        }
        String hash = hashType == 1 ? "SHA-256" : hashType == 2 ? "SHA-384" : hashType == 3 ? "SHA-512" : null;
        if (hash == null) {
            throw new MalformedEvidenceException("HCL report-data hash type " + hashType + " is not 1, 2 or 3");
        }
        // A version-2 request carries a 4-byte capability bitmap before the runtime data.
        int header = requestVersion >= 2 ? 24 : 20;
        if (dataSize != header + (long) varSize) {
            throw new MalformedEvidenceException("HCL request data size " + dataSize + " does not fit runtime data of "
                    + varSize + " bytes");
        }
        if (requestVersion >= 2) {
            r.skip(4, "HCL capability bitmap");
        }
        byte[] runtime = r.bytes(varSize, "HCL runtime data");
        return new HclReport(blob.clone(), version, requestType, type, hash, runtime);
    }

    /** The whole blob, copied. */
    public byte[] blob() {
        return blob.clone();
    }

    /** The header version (1 older HCL, 2 newer HCL and OpenHCL). */
    public long headerVersion() {
        return headerVersion;
    }

    /** The request type (2 = AK_CERT in the NV index). */
    public long requestType() {
        return requestType;
    }

    /** SNP or TDX. */
    public Type type() {
        return type;
    }

    /** The runtime-data hash ({@code SHA-256}, ...). */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** The hardware report (1184-byte SNP report or 1024-byte TDREPORT), copied. */
    public byte[] hardwareReport() {
        return ByteArrays.slice(blob, REPORT_OFFSET, type.size);
    }

    /** The hardware report's REPORT_DATA (64 bytes). */
    public byte[] reportData() {
        return ByteArrays.slice(blob, REPORT_OFFSET + type.reportDataOffset, 64);
    }

    /** The runtime data as received (JSON), copied: the hash is over these exact bytes. */
    public byte[] runtimeData() {
        return runtimeData.clone();
    }

    /** The REPORT_DATA the runtime data calls for: its hash, then zeros to 64 bytes. */
    public byte[] expectedReportData() {
        try {
            return Arrays.copyOf(MessageDigest.getInstance(hashAlgorithm).digest(runtimeData), 64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-2 is required of every Java platform", e);
        }
    }

    /** Whether REPORT_DATA is exactly the runtime data's hash followed by zeros. */
    public boolean runtimeDataBound() {
        return MessageDigest.isEqual(expectedReportData(), reportData());
    }
}
