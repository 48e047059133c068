package io.tee4j.atls.cert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;

/**
 * Jazzer harnesses for the decoders of the evidence extension a server certificate carries, the
 * first code an attested TLS client runs on bytes a man in the middle chooses. The only acceptable
 * outcomes are a decoded value or a {@link MalformedEvidenceException}; anything else (an
 * unchecked exception, an error, a hang) is a finding. The seed corpus
 * ({@code ExtensionDecoderFuzzTestInputs/}) holds the extnValue contents of the shared aTLS
 * vectors (JSON and CBOR records, Gramine's tagged evidence) and a tee4j collection, and runs in
 * every normal test run.
 */
class ExtensionDecoderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decodeCmwExtension(byte[] data) {
        try {
            CertificateEvidence ce = CertificateEvidenceDecoder.decodeCmwExtension(data);
            ce.expectedReportData(new byte[] {1}, new byte[] {2});
        } catch (MalformedEvidenceException expected) {
            // typed refusal
        }
        try {
            CmwCodec.decode(data);
        } catch (MalformedEvidenceException expected) {
            // typed refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void decodeTcgExtension(byte[] data) {
        try {
            GramineEvidence g = CertificateEvidenceDecoder.decodeTcgExtension(data).gramine().orElseThrow();
            g.keyBound(new byte[] {1});
        } catch (MalformedEvidenceException expected) {
            // typed refusal
        }
    }
}
