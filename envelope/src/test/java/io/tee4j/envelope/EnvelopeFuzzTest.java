package io.tee4j.envelope;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz harnesses for every envelope parser: the envelope readers (trustee JSON, tsm-report JSON and
 * CBOR, ratsd token), the sniffer in front of them and the legacy AA event log. Each may only return
 * or throw {@link MalformedEvidenceException}. In {@code mvn verify} they replay the seeds in
 * {@code src/test/resources/io/tee4j/envelope/EnvelopeFuzzTestInputs/<method>/} (the vectors of this module).
 */
class EnvelopeFuzzTest {
    private static final EvidenceSniffer SNIFFER = EvidenceSniffer.ofClassPath();

    @FuzzTest(maxDuration = "5m")
    void envelope(byte[] data) {
        try {
            Envelope e = Envelope.read(data);
            e.describe();
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void sniff(byte[] data) {
        try {
            SNIFFER.sniff(data).summary();
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    /**
     * The trustee evidence writer over arbitrary bytes: the first 1184 as an SNP report, the rest as its
     * certificate table. It may only refuse (typed); what it writes reads back and writes again the same.
     */
    @FuzzTest(maxDuration = "5m")
    void trusteeWriter(byte[] data) {
        int n = Math.min(data.length, SevSerdeReport.SIZE);
        io.tee4j.core.Evidence.Builder b = io.tee4j.core.Evidence.builder(io.tee4j.core.TeeType.SEV_SNP,
                java.util.Arrays.copyOf(data, SevSerdeReport.SIZE));
        if (data.length > n) {
            b.auxBlob(java.util.Arrays.copyOfRange(data, n, data.length));
        }
        try {
            byte[] json = TrusteeEvidenceJson.write(b.build());
            Envelope back = Envelope.read(json);
            if (!java.util.Arrays.equals(json, TrusteeEvidenceJson.write(back.evidence()))) {
                throw new AssertionError("written, read and written again differs");
            }
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void aaEventLog(byte[] data) {
        try {
            AaEventLog.parse(new String(data, StandardCharsets.UTF_8)).replay();
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }
}
