package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.snp.abi.AmdKdsExtensions;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.internal.SnpBackend;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
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
    void vcekExtensions(byte[] data) {
        java.security.cert.X509Certificate cert;
        try {
            cert = io.tee4j.core.crypto.Certificates.parseOne(data);
        } catch (java.security.cert.CertificateException notACertificate) {
            return;
        }
        try {
            AmdKdsExtensions x = AmdKdsExtensions.parse(cert);
            x.hwid();
            for (TcbLayout layout : TcbLayout.values()) {
                try {
                    x.tcb(layout);
                } catch (io.tee4j.core.VerificationFailedException expected) {
                    // missing SPLs
                }
            }
        } catch (io.tee4j.core.VerificationFailedException expected) {
            // the one allowed failure
        }
    }

    private static final SnpVerifier VERIFIER = SnpVerifier.builder()
            .clock(java.time.Clock.fixed(java.time.Instant.parse("2025-09-01T00:00:00Z"), java.time.ZoneOffset.UTC))
            .revocationMode(io.tee4j.core.RevocationMode.SKIP_INSECURE).build();
    private static final byte[] GENOA_VCEK = Vectors.certBytes("oak-genoa-v5");

    /** Whole verification of arbitrary report bytes with a real Genoa VCEK: only typed failures. */
    @FuzzTest
    void verifyReport(byte[] data) {
        try {
            VERIFIER.verify(io.tee4j.core.Evidence.builder(io.tee4j.core.TeeType.SEV_SNP, data)
                    .addCertificate(GENOA_VCEK).build(), SnpPolicy.defaults());
        } catch (io.tee4j.core.AttestationException expected) {
            // typed failure
        }
    }

    @FuzzTest
    void hclExtraction(byte[] data) {
        try {
            AzureHclReport h = AzureHclReport.parse(data);
            assertEquals(AttestationReport.SIZE, h.report().length);
            h.runtimeDataBound();
            new SnpBackend().readEvidence(data);
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }
}
