package io.tee4j.snp.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.ByteReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Azure confidential-VM "HCL report" ({@code HCLA} blob, as read from the vTPM NV index
 * 0x01400001): a 32-byte header, the hardware report area at offset 0x20 (an SEV-SNP
 * ATTESTATION_REPORT or a TDX TDREPORT), then the request data: a header and the runtime data (a
 * JSON document holding the vTPM keys), whose hash the paravisor put into the hardware report's
 * {@code REPORT_DATA}. Little-endian; layout per OpenHCL's {@code IgvmAttestRequestBase}. The one
 * parser of this blob: the SEV-SNP backend reads its SNP report, the Azure vTPM backends both kinds.
 *
 * <p>{@link #parse} checks structure: magic, at most {@link #MAX_SIZE} bytes, a known report type
 * (SNP 2, TDX 4), a known hash type (SHA-256, -384, -512), a request-data size equal to its header
 * (with the 4-byte capability bitmap of a version-2 request) plus the runtime data, which must fit
 * the blob. {@link #runtimeDataBound()} says whether {@code REPORT_DATA} is exactly the hash of the
 * runtime data followed by zeros. Nothing the hardware signed is verified here (the SNP report is
 * verified by {@code SnpVerifier} like any other); the runtime data's content is not interpreted.
 *
 * @since 0.1
 */
public final class AzureHclReport {
    /** The largest blob accepted (the NV index is 2600 bytes on every VM seen). */
    public static final int MAX_SIZE = 64 * 1024;
    /** Where the hardware report starts. */
    public static final int REPORT_OFFSET = 0x20;
    /** The report area: the larger of an SNP report and a TDREPORT. */
    public static final int REPORT_AREA = AttestationReport.SIZE;
    /** Magic "HCLA" as a little-endian u32. */
    private static final long MAGIC = 0x414C4348L;
    private static final int REQUEST_DATA = REPORT_OFFSET + REPORT_AREA;

    /** The hardware inside. */
    public enum Type {
        /** An SEV-SNP attestation report (report type 2). */
        SNP(2, AttestationReport.SIZE, 0x50),
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

        static Type of(long id) {
            for (Type t : values()) {
                if (t.id == id) {
                    return t;
                }
            }
            return null;
        }
    }

    private final byte[] blob;
    private final long headerVersion;
    private final long requestType;
    private final Type type;
    private final String hashAlgorithm;
    private final byte[] runtimeData;

    private AzureHclReport(byte[] blob, long version, long requestType, Type type, String hash, byte[] runtimeData) {
        this.blob = blob;
        this.headerVersion = version;
        this.requestType = requestType;
        this.type = type;
        this.hashAlgorithm = hash;
        this.runtimeData = runtimeData;
    }

    /** Whether the bytes start with the HCL magic. */
    public static boolean looksLikeHcl(byte[] blob) {
        return blob.length >= 4 && blob[0] == 'H' && blob[1] == 'C' && blob[2] == 'L' && blob[3] == 'A';
    }

    /** Parses a blob of either hardware (trailing padding after the runtime data is ignored). */
    public static AzureHclReport parse(byte[] blob) throws MalformedEvidenceException {
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
        Type type = Type.of(reportType);
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
        return new AzureHclReport(blob.clone(), version, requestType, type, hash, runtime);
    }

    /** This report, when it holds an SEV-SNP report; refuses a TDX one. */
    public AzureHclReport requireSnp() throws MalformedEvidenceException {
        if (type != Type.SNP) {
            throw new MalformedEvidenceException("HCL report type " + type.id + " is not SNP (2)");
        }
        return this;
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

    /** The runtime-data hash: {@code SHA-256}, {@code SHA-384} or {@code SHA-512}. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** The hardware report (1184-byte SNP report or 1024-byte TDREPORT), copied. */
    public byte[] hardwareReport() {
        return ByteArrays.slice(blob, REPORT_OFFSET, type.size);
    }

    /** The embedded 1184-byte SNP report, copied (after {@link #requireSnp()}). */
    public byte[] report() {
        return hardwareReport();
    }

    /** The hardware report's REPORT_DATA (64 bytes), copied. */
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
