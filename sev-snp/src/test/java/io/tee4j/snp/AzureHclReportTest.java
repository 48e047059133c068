package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.internal.SnpBackend;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The one parser of Azure's HCL blob (issue 15: it was written twice, here and in {@code tee4j-vtpm},
 * and the two disagreed): the request-data layout of a version-2 request, and the SEV-SNP backend
 * taking only SNP-typed blobs from the parser that reads both kinds.
 */
class AzureHclReportTest {
    private static final int REQUEST_DATA = AzureHclReport.REPORT_OFFSET + AttestationReport.SIZE;

    @Test
    void aVersion2RequestsCapabilityBitmapIsNotReadAsRuntimeData() throws Exception {
        byte[] v1 = Vectors.evidenceFile("azure-milan-v2-hcl");
        AzureHclReport original = AzureHclReport.parse(v1);
        byte[] v2 = withCapabilityBitmap(v1);
        AzureHclReport hcl = AzureHclReport.parse(v2);
        // before: the SNP parser took the runtime data 4 bytes early, so a genuine blob was "unbound"
        assertArrayEquals(original.runtimeData(), hcl.runtimeData());
        assertTrue(hcl.runtimeDataBound());
        assertArrayEquals(original.report(), hcl.report());
    }

    @Test
    void aRequestDataSizeThatDisagreesWithTheRuntimeDataIsMalformed() throws Exception {
        byte[] blob = Vectors.evidenceFile("azure-milan-v2-hcl");
        putU32(blob, REQUEST_DATA, LittleEndian.u32(blob, REQUEST_DATA) + 8);
        assertThrows(MalformedEvidenceException.class, () -> AzureHclReport.parse(blob));
    }

    @Test
    void theSnpBackendTakesOnlySnpTypedBlobs() throws Exception {
        byte[] blob = Vectors.evidenceFile("azure-milan-v2-hcl");
        putU32(blob, REQUEST_DATA + 8, 4); // report type 4: a TDREPORT
        assertEquals(AzureHclReport.Type.TDX, AzureHclReport.parse(blob).type());
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> new SnpBackend().readEvidence(blob));
        assertTrue(e.getMessage().contains("not SNP"), e.getMessage());
        assertThrows(MalformedEvidenceException.class, () -> AzureHclReport.parse(blob).requireSnp());
    }

    /** The same blob as a version-2 request: a 4-byte capability bitmap before the runtime data. */
    private static byte[] withCapabilityBitmap(byte[] v1) {
        int runtime = REQUEST_DATA + 20;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(v1, 0, runtime);
        out.writeBytes(new byte[] {1, 0, 0, 0});
        out.write(v1, runtime, v1.length - runtime);
        byte[] v2 = out.toByteArray();
        putU32(v2, REQUEST_DATA, LittleEndian.u32(v1, REQUEST_DATA) + 4);
        putU32(v2, REQUEST_DATA + 4, 2);
        return v2;
    }

    private static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
