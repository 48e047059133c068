package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;
import java.util.List;

/**
 * Jazzer harnesses for the SNP parsers. In the normal test run they replay the seed corpus in
 * {@code src/test/resources/io/tee4j/snp/SnpParsersFuzzTestInputs/<method>/} (real reports, HCL
 * blobs and a certificate table built from real certificates); with {@code JAZZER_FUZZ=1} they fuzz.
 * Only the documented checked exception may come out.
 */
class SnpParsersFuzzTest {

    @FuzzTest
    void reportParser(byte[] data) {
        for (ProductLine hint : new ProductLine[] {null, ProductLine.MILAN, ProductLine.TURIN}) {
            try {
                AttestationReport r = AttestationReport.parse(data, hint);
                r.currentTcb().components();
                r.reportedTcb().components();
                r.launchTcb().components();
                r.committedTcb().reservedBytes();
                r.policy().unknownBits();
                r.platformInfo().unknownBits();
                r.signerInfo();
                r.cpuidFamily();
                r.launchMitigationVector();
                r.toString();
                assertArrayEquals(data, r.raw());
            } catch (MalformedEvidenceException expected) {
                // the one allowed failure
            }
        }
    }

    @FuzzTest
    void certificateTable(byte[] data) {
        try {
            CertificateTable t = CertificateTable.parse(data);
            CertificateTable again = CertificateTable.parse(t.toBytes());
            List<CertificateTable.Entry> a = t.entries();
            List<CertificateTable.Entry> b = again.entries();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).guid(), b.get(i).guid());
                assertArrayEquals(a.get(i).data(), b.get(i).data());
            }
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest
    void hclExtraction(byte[] data) {
        try {
            AzureHclReport h = AzureHclReport.parse(data);
            assertEquals(AttestationReport.SIZE, h.report().length);
            h.runtimeDataBound();
            new SnpTeeBackend().readEvidence(data);
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }
}
