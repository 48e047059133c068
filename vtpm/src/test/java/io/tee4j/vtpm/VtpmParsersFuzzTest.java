package io.tee4j.vtpm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.AttestationException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.vtpm.azure.AzureVtpmEvidence;
import io.tee4j.vtpm.azure.AzureVtpmVerifier;
import io.tee4j.vtpm.azure.RuntimeData;
import io.tee4j.vtpm.gcp.GceAttestation;
import io.tee4j.vtpm.gcp.GcpVtpmVerifier;

/**
 * Jazzer harnesses for the HCL report, Azure evidence JSON and GCE protobuf readers, and the
 * verifiers behind them. In the normal test run they replay the seeds in
 * {@code src/test/resources/io/tee4j/vtpm/VtpmParsersFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} they fuzz. Only checked attestation exceptions may come out.
 */
class VtpmParsersFuzzTest {

    @FuzzTest
    void hclReport(byte[] data) {
        try {
            AzureHclReport h = AzureHclReport.parse(data);
            h.runtimeDataBound();
            h.hardwareReport();
            RuntimeData.parse(h.runtimeData()).claims().build();
        } catch (MalformedEvidenceException expected) {
            // the one allowed failure
        }
    }

    @FuzzTest
    void azureEvidence(byte[] data) {
        try {
            AzureVtpmEvidence e = AzureVtpmEvidence.parse(data);
            AzureVtpmVerifier v = e.hcl().type() == AzureHclReport.Type.SNP
                    ? AzureVtpmVerifier.snp((ev, certs, doc, clock) -> {
                        throw new MalformedEvidenceException("no inner verification in the harness");
                    })
                    : AzureVtpmVerifier.tdx((ev, certs, doc, clock) -> {
                        throw new MalformedEvidenceException("no inner verification in the harness");
                    });
            v.verify(e, VtpmPolicy.defaults(), VtpmVectors.CLOCK);
        } catch (AttestationException | PolicyFormatException expected) {
            // the allowed failures
        }
    }

    @FuzzTest
    void gceAttestation(byte[] data) {
        try {
            GcpVtpmVerifier.google().verify(GceAttestation.parse(data), VtpmPolicy.defaults(), VtpmVectors.CLOCK);
        } catch (AttestationException expected) {
            // the allowed failures
        }
    }
}
