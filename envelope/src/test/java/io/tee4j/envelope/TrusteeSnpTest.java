package io.tee4j.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * trustee SNP evidence: the sev crate's serde structure of real Milan v2, Genoa v5 and Turin v5 reports
 * (built by coco/make-snp-evidence.py) is rebuilt into exactly the signed report bytes, for each TCB
 * layout, and verifies with the VCEK from cert_chain under AMD's bundled roots.
 */
class TrusteeSnpTest {
    private static final SnpVerifier VERIFIER = SnpVerifier.builder()
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build();

    @ParameterizedTest
    @CsvSource({"trustee-snp-milan-v2.json, gsg-milan-v2", "trustee-snp-genoa-v5.json, oak-genoa-v5",
        "trustee-snp-turin-v5.json, oak-turin-v5"})
    void rebuildsTheSignedBytesAndVerifies(String file, String vector) throws Exception {
        Envelope e = Envelope.read(Resources.bytes("coco/" + file));
        assertEquals(EnvelopeFormat.TRUSTEE_SNP, e.format());
        assertEquals(TeeType.SEV_SNP, e.tee());
        assertArrayEquals(Resources.bytes("sev-snp/" + vector + "-report.bin"), e.evidence().raw());
        assertTrue(e.evidence().auxBlob().isPresent());
        VERIFIER.verify(e.evidence(), SnpPolicy.builder().allowDebug(true).build());
    }

    @Test
    void aChangedFieldFailsTheSignatureAndABadOneIsMalformed() throws Exception {
        String json = Resources.text("coco/trustee-snp-genoa-v5.json");
        String guestSvn = json.replaceFirst("\"guest_svn\": (\\d+)", "\"guest_svn\": 77");
        assertEquals(FailureClass.VERIFICATION_FAILED, assertThrows(AttestationException.class,
                () -> VERIFIER.verify(Envelope.read(guestSvn.getBytes(StandardCharsets.UTF_8)).evidence(),
                        SnpPolicy.builder().allowDebug(true).build())).failureClass());
        for (String bad : new String[] {json.replaceFirst("\"vmpl\": \\d+", "\"vmpl\": -1"),
            json.replaceFirst("\"cpuid_fam_id\": \\d+", "\"cpuid_fam_id\": 23"),
            json.replaceFirst("\"report_data\": \\[\\d+, ", "\"report_data\": ["),
            json.replaceFirst("\"cert_type\": \"VCEK\"", "\"cert_type\": \"PEK\""),
            json.replaceFirst("\"signature\": \\{", "\"signature\": {\"x\": 1, "),
            json.replaceFirst("\"fmc\": null", "\"fmc\": 256")}) {
            assertThrows(MalformedEvidenceException.class, () -> Envelope.read(bad.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
