package io.tee4j.snp.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * An Azure confidential-VM "HCL report" ({@code HCLA} blob, as read from the vTPM NV index
 * 0x01400001): a 32-byte header, the SNP report at offset 0x20, then a runtime-data header and
 * the runtime data (a JSON document holding the vTPM attestation key), whose hash the paravisor
 * put into the report's {@code REPORT_DATA}.
 *
 * <p>{@link #parse} checks the structure (magic, report type SNP, lengths inside the blob, at most
 * {@link #MAX_SIZE} bytes). {@link #runtimeDataBound()} says whether the first bytes of the
 * report's {@code REPORT_DATA} equal the hash of the runtime data (SHA-256, -384 or -512 per the
 * header) with the rest zero; the report itself is verified by {@code SnpVerifier} like any other.
 * The runtime data's content (keys, VM configuration) is not interpreted.
 *
 * @since 0.1
 */
public final class AzureHclReport {
    /** Magic "HCLA" as a little-endian u32. */
    private static final long MAGIC = 0x414C4348L;
    /** Runtime-data header: report type 2 is SNP. */
    private static final long REPORT_TYPE_SNP = 2;
    /** The largest blob accepted. */
    public static final int MAX_SIZE = 64 * 1024;
    /** Where the SNP report starts. */
    public static final int REPORT_OFFSET = 0x20;
    private static final int RUNTIME_HEADER = REPORT_OFFSET + AttestationReport.SIZE;

    private final byte[] report;
    private final byte[] runtimeData;
    private final int hashType;

    private AzureHclReport(byte[] report, byte[] runtimeData, int hashType) {
        this.report = report;
        this.runtimeData = runtimeData;
        this.hashType = hashType;
    }

    /** Whether the bytes start with the HCL magic. */
    public static boolean looksLikeHcl(byte[] blob) {
        return blob.length >= 4 && LittleEndian.u32(blob, 0) == MAGIC;
    }

    /** Parses an HCL blob. */
    public static AzureHclReport parse(byte[] blob) throws MalformedEvidenceException {
        Objects.requireNonNull(blob, "blob");
        if (blob.length > MAX_SIZE) {
            throw new MalformedEvidenceException("HCL report larger than " + MAX_SIZE + " bytes");
        }
        if (!looksLikeHcl(blob)) {
            throw new MalformedEvidenceException("not an Azure HCL report (magic 'HCLA' missing)");
        }
        if (blob.length < RUNTIME_HEADER + 20) {
            throw new MalformedEvidenceException("HCL report of " + blob.length + " bytes is too short for an SNP report "
                    + "and a runtime-data header");
        }
        long dataSize = LittleEndian.u32(blob, RUNTIME_HEADER);
        long reportType = LittleEndian.u32(blob, RUNTIME_HEADER + 8);
        long hashType = LittleEndian.u32(blob, RUNTIME_HEADER + 12);
        long varSize = LittleEndian.u32(blob, RUNTIME_HEADER + 16);
        if (reportType != REPORT_TYPE_SNP) {
            throw new MalformedEvidenceException("HCL report type " + reportType + " is not SNP (2)");
        }
        if (varSize > blob.length - (RUNTIME_HEADER + 20) || dataSize < 20 || varSize > dataSize - 20) {
            throw new MalformedEvidenceException("HCL runtime data length " + varSize + " does not fit the blob");
        }
        if (hashType < 1 || hashType > 3) {
            throw new MalformedEvidenceException("HCL runtime-data hash type " + hashType + " is not 1, 2 or 3");
        }
        byte[] report = ByteArrays.slice(blob, REPORT_OFFSET, AttestationReport.SIZE);
        byte[] runtime = ByteArrays.slice(blob, RUNTIME_HEADER + 20, (int) varSize);
        return new AzureHclReport(report, runtime, (int) hashType);
    }

    /** The embedded 1184-byte SNP report, copied. */
    public byte[] report() {
        return report.clone();
    }

    /** The runtime data (JSON), copied; not interpreted. */
    public byte[] runtimeData() {
        return runtimeData.clone();
    }

    /** The runtime-data hash: {@code SHA-256}, {@code SHA-384} or {@code SHA-512}. */
    public String hashAlgorithm() {
        return hashType == 1 ? "SHA-256" : hashType == 2 ? "SHA-384" : "SHA-512";
    }

    /** Whether the report's REPORT_DATA starts with the runtime data's hash and is zero after it. */
    public boolean runtimeDataBound() {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance(hashAlgorithm()).digest(runtimeData);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-2 is required of every Java platform", e);
        }
        byte[] reportData = ByteArrays.slice(report, 0x50, 64);
        boolean prefix = MessageDigest.isEqual(digest, ByteArrays.slice(reportData, 0, digest.length));
        return prefix && ByteArrays.allZero(reportData, digest.length, 64);
    }
}
