package io.tee4j.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code --tee auto}: every format is named, with the TEE id to verify with; vTPM shapes are named
 * even though no backend for them is on this module's class path; unknown content is malformed with
 * what was tried. The backends on the test class path (sev-snp, tdx, cca) are found by ServiceLoader.
 */
class EvidenceSnifferTest {
    private static final EvidenceSniffer SNIFFER = EvidenceSniffer.ofClassPath();

    @ParameterizedTest
    @CsvSource({
        "veraison/tsm-report-genoa.json, sev-snp, Veraison configfs-tsm report (JSON), true",
        "veraison/tsm-report-genoa.cbor, sev-snp, Veraison configfs-tsm report (CBOR), true",
        "veraison/ratsd-token-genoa.json, sev-snp, Veraison ratsd token with a CMW collection, true",
        "coco/trustee-tdx-legacy-aael.json, tdx, Confidential Containers (trustee) TDX evidence JSON, true",
        "coco/trustee-AAEL_quote_tdx, tdx, TDX quote, false",
        "coco/trustee-snp-turin-v5.json, sev-snp, Confidential Containers (trustee) SNP evidence JSON, true",
        "vtpm/trustee-az-snp-vtpm-evidence-v1.json, azure-snp-vtpm, trustee az-snp-vtpm evidence JSON, false",
        "vtpm/trustee-az-tdx-vtpm-evidence-v1.json, azure-tdx-vtpm, trustee az-tdx-vtpm evidence JSON, false",
        "vtpm/trustee-tpm_evidence.json, tpm, trustee TPM evidence JSON, false",
        "nvidia/nvat-hopper_evidence.json, nvidia-gpu, NVIDIA evidence list (JSON), false",
        "vtpm/go-tpm-tools-gce-cos-85-nonce9009.pb, gcp-vtpm, 'go-tpm-tools attestation (GCE vTPM, protobuf)', false"})
    void namesEveryFormat(String file, String tee, String format, boolean envelope) throws Exception {
        Detection d = SNIFFER.sniff(Resources.bytes(file));
        assertEquals(tee, d.teeId());
        assertEquals(format, d.format());
        assertEquals(envelope, d.envelope().isPresent());
        assertTrue(d.summary().contains("--tee " + tee), d.summary());
        boolean backendHere = tee.equals("sev-snp") || tee.equals("tdx");
        assertEquals(backendHere, d.evidence().isPresent(), d.summary());
    }

    @Test
    void rawSnpReportAndSimulatedQuoteAreNamedByTheirBackends() throws Exception {
        byte[] report = Envelope.read(Resources.bytes("veraison/tsm-report-genoa.json")).evidence().raw();
        Detection snp = SNIFFER.sniff(report);
        assertEquals("SEV-SNP attestation report", snp.format());
        assertEquals(TeeType.SEV_SNP, snp.evidence().orElseThrow().type());
        Detection tdx = SNIFFER.sniff(TdxSimulator.builder().build().quote(new byte[64]));
        assertEquals("tdx", tdx.teeId());
    }

    @Test
    void unknownContentSaysWhatWasTried() {
        for (byte[] junk : new byte[][] {"hello".getBytes(StandardCharsets.US_ASCII), new byte[0], new byte[1184 + 1],
            "{\"nothing\":1}".getBytes(StandardCharsets.US_ASCII), "[1,2]".getBytes(StandardCharsets.US_ASCII)}) {
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> SNIFFER.sniff(junk));
            assertTrue(e.getMessage().startsWith("unknown evidence format; tried the envelopes"), e.getMessage());
            assertTrue(e.getMessage().contains("TDX quote") && e.getMessage().contains("SEV-SNP attestation report"),
                    e.getMessage());
        }
    }

    @Test
    void aBrokenEnvelopeIsNotSilentlyTriedAsSomethingElse() {
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> SNIFFER.sniff("{\"outblob\":\"AAAA\",\"provider\":\"nobody\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(e.getMessage().startsWith("unknown"), e.getMessage());
    }
}
