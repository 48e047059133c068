package io.tee4j.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer of trustee evidence: for the real Milan v2, Genoa v5 and Turin v5 reports it writes, byte for
 * byte, the serde JSON of those reports (the vectors, compacted as serde_json writes them), and what it
 * writes reads back through the envelope reader into the same report and certificates.
 */
class TrusteeEvidenceJsonTest {
    /** serde_json's compact form of the vectors (json.dump's separators taken out; no string holds them). */
    private static String compact(String pythonJson) {
        return pythonJson.replace(", ", ",").replace(": ", ":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trustee-snp-milan-v2.json", "trustee-snp-genoa-v5.json", "trustee-snp-turin-v5.json"})
    void writesTheRealSerdeVectorsByteForByte(String file) throws Exception {
        String vector = Resources.text("coco/" + file);
        Evidence read = Envelope.read(vector.getBytes(StandardCharsets.UTF_8)).evidence();
        assertEquals(compact(vector), new String(TrusteeEvidenceJson.write(read), StandardCharsets.UTF_8));
        // The same report straight from its bytes (no reader involved) gives the same attestation_report.
        Map<?, ?> fromBytes = TrusteeEvidenceJson.tree(Evidence.of(TeeType.SEV_SNP, read.raw()));
        assertEquals(compact(vector).substring(0, compact(vector).indexOf(",\"cert_chain\"")) + ",\"cert_chain\":null}",
                new String(SerdeJson.write(fromBytes), StandardCharsets.UTF_8));
    }

    @Test
    void aSimulatedReportWithLooseCertificatesRoundTripsAndVerifies() throws Exception {
        SimulatedAmdChain chain = SimulatedAmdChain.builder(ProductLine.GENOA).rsaBits(2048).build();
        byte[] rd = new byte[64];
        Arrays.fill(rd, (byte) 0x5a);
        Evidence e = SimulatedSnpSigner.vcek(chain).report().reportData(rd).evidence().toBuilder()
                .addCertificate(chain.ask().getEncoded()).addCertificate(chain.ark().getEncoded()).build();
        byte[] json = TrusteeEvidenceJson.write(e);
        Envelope back = TrusteeEvidenceJson.read(Json.parse(json), TeeType.SEV_SNP);
        assertArrayEquals(e.raw(), back.evidence().raw());
        List<CertificateTable.Entry> table = CertificateTable.parse(back.evidence().auxBlob().orElseThrow()).entries();
        assertEquals(List.of(CertificateTable.VCEK, CertificateTable.ASK, CertificateTable.ARK),
                table.stream().map(CertificateTable.Entry::guid).toList());
        assertArrayEquals(e.certificates().get(0), table.get(0).data());
        SnpVerifier.builder().roots(chain.roots()).revocationMode(RevocationMode.SKIP_INSECURE)
                .offline(true).build().verify(back.evidence(), SnpPolicy.builder().reportData(rd).build());
        // Written again from what was read: the same bytes (the table keeps its order and types).
        assertArrayEquals(json, TrusteeEvidenceJson.write(back.evidence()));
        // The table and the same certificate beside it (an extended report plus its VCEK): listed once.
        Evidence both = back.evidence().toBuilder().addCertificate(e.certificates().get(0)).build();
        assertArrayEquals(json, TrusteeEvidenceJson.write(both));
        // A different VCEK beside the table's is ambiguous, so refused.
        SimulatedAmdChain other = SimulatedAmdChain.builder(ProductLine.GENOA).rsaBits(2048).build();
        Evidence twoVceks = back.evidence().toBuilder().addCertificate(other.vcek().getEncoded()).build();
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(twoVceks));
    }

    @Test
    void tdxAndCcaHaveTheAgentsShapes() throws Exception {
        Evidence tdx = Evidence.builder(TeeType.TDX, new byte[] {1, 2, 3}).auxBlob(new byte[] {9}).build();
        assertEquals("{\"cc_eventlog\":\"CQ==\",\"quote\":\"AQID\"}",
                new String(TrusteeEvidenceJson.write(tdx), StandardCharsets.UTF_8));
        assertEquals("{\"cc_eventlog\":null,\"quote\":\"AQID\"}", new String(TrusteeEvidenceJson.write(
                Evidence.of(TeeType.TDX, new byte[] {1, 2, 3})), StandardCharsets.UTF_8));
        assertEquals(tdx, TrusteeEvidenceJson.read(Json.parse(TrusteeEvidenceJson.write(tdx)), TeeType.TDX).evidence());
        Evidence cca = Evidence.of(TeeType.CCA, new byte[] {(byte) 0xd2, 0, 7});
        assertEquals("{\"token\":[210,0,7]}", new String(TrusteeEvidenceJson.write(cca), StandardCharsets.UTF_8));
        assertEquals(cca, TrusteeEvidenceJson.read(Json.parse(TrusteeEvidenceJson.write(cca)), TeeType.CCA).evidence());
    }

    @Test
    void whatTrusteesShapeCannotCarryIsRefusedNotDropped() throws Exception {
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(Evidence.builder(TeeType.TDX,
                new byte[] {1}).addCertificate(new byte[] {2}).build()));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(Evidence.builder(TeeType.CCA,
                new byte[] {1}).auxBlob(new byte[] {2}).build()));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(
                Evidence.of(TeeType.NVIDIA_GPU, new byte[] {1})));
        byte[] v1 = new byte[1184];
        v1[0] = 1;
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(Evidence.of(TeeType.SEV_SNP, v1)));
        byte[] maskedV2 = new byte[1184];
        maskedV2[0] = 2;
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(
                Evidence.of(TeeType.SEV_SNP, maskedV2)));
        // The session's TEE decides the reader: SNP evidence in a TDX session is malformed.
        Object snp = Json.parse(Resources.bytes("coco/trustee-snp-genoa-v5.json"));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(snp, TeeType.TDX));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(List.of(), TeeType.SEV_SNP));
    }

    @Test
    void serdeJsonWritesLargeIntegersAndEscapesAsSerdeDoes() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("z", new java.math.BigInteger("18446744073709551615"));
        m.put("a", "q\"\\\u0001\n/é");
        m.put("n", null);
        assertEquals("{\"z\":18446744073709551615,\"a\":\"q\\\"\\\\\\u0001\\n/é\",\"n\":null}",
                new String(SerdeJson.write(m), StandardCharsets.UTF_8));
        assertNull(null);
    }
}
