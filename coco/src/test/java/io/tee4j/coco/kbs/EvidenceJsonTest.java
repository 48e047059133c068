package io.tee4j.coco.kbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * primary_evidence shapes are trustee's for every TEE the client attests with (no tee4j-only shape is
 * left for a real KBS to choke on); the TEE comes from the session.
 */
class EvidenceJsonTest {
    private static Object viaMessage(Evidence e) throws Exception {
        RuntimeData r = new RuntimeData("n", Map.of("kty", "EC"), "");
        byte[] body = new AttestationMessage(r, EvidenceJson.encode(e), null).toJson();
        return AttestationMessage.parse(body).primaryEvidence();
    }

    @Test
    void tdxAndCcaUseTheAttestationAgentsShapesInsideTheMessage() throws Exception {
        Evidence tdx = Evidence.builder(TeeType.TDX, new byte[] {1, 2, 3}).auxBlob(new byte[] {9}).build();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("cc_eventlog", "CQ==");
        expected.put("quote", "AQID");
        assertEquals(expected, viaMessage(tdx));
        assertEquals(tdx, EvidenceJson.decode(viaMessage(tdx), TeeType.TDX).evidence());
        Evidence cca = Evidence.of(TeeType.CCA, new byte[] {(byte) 0xd2, 0, 7});
        assertEquals(Json.parse("{\"token\":[210,0,7]}".getBytes(StandardCharsets.UTF_8)), viaMessage(cca));
        assertEquals(cca, EvidenceJson.decode(viaMessage(cca), TeeType.CCA).evidence());
    }

    @Test
    void theOldTee4jShapeIsGoneAndOtherTeesAreRefused() throws Exception {
        Object old = Json.parse("{\"tee4j-evidence\":{\"tee\":\"sev-snp\",\"raw\":\"BA==\",\"certificates\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(old, TeeType.SEV_SNP));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.encode(
                Evidence.of(TeeType.NVIDIA_GPU, new byte[] {4})));
        assertEquals(false, EvidenceJson.supports(TeeType.NVIDIA_GPU));
    }

    @Test
    void evidenceOfAnotherTeeThanTheSessionsIsRefused() throws Exception {
        Object tdx = viaMessage(Evidence.of(TeeType.TDX, new byte[] {4}));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(tdx, TeeType.SEV_SNP));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(tdx, TeeType.CCA));
        for (String bad : new String[] {"{\"token\":[256]}", "{\"token\":[-1]}", "{\"token\":[\"a\"]}",
            "{\"token\":[1],\"x\":1}"}) {
            Object t = Json.parse(bad.getBytes(StandardCharsets.UTF_8));
            assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(t, TeeType.CCA), bad);
        }
        Object extra = Json.parse("{\"quote\":\"AA==\",\"rtmr\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(extra, TeeType.TDX));
    }

    @Test
    void azureVtpmsHaveTrusteesNamesAndBindTheDigestUnpadded() {
        assertEquals("az-snp-vtpm", KbsTee.name(TeeType.AZURE_SNP_VTPM));
        assertEquals("az-tdx-vtpm", KbsTee.name(TeeType.AZURE_TDX_VTPM));
        assertEquals("se", KbsTee.name(TeeType.IBM_SE));
        assertEquals(TeeType.AZURE_TDX_VTPM, KbsTee.fromName("az-tdx-vtpm"));
        byte[] digest = new byte[48];
        digest[0] = 1;
        assertEquals(48, KbsTee.reportData(TeeType.AZURE_SNP_VTPM, digest).length);
        assertEquals(48, KbsTee.reportData(TeeType.AZURE_TDX_VTPM, digest).length);
        assertEquals(64, KbsTee.reportData(TeeType.SEV_SNP, digest).length);
        assertEquals(32, KbsTee.reportData(TeeType.NVIDIA_GPU, digest).length);
        assertEquals(true, EvidenceJson.supports(TeeType.AZURE_SNP_VTPM));
        assertEquals(true, EvidenceJson.supports(TeeType.AZURE_TDX_VTPM));
        assertEquals(true, EvidenceJson.supports(TeeType.IBM_SE));
    }

    @Test
    void aKbsClientForNvidiaSaysWhatIsMissing() {
        io.tee4j.core.Attester se = new io.tee4j.core.Attester() {
            @Override
            public TeeType type() {
                return TeeType.NVIDIA_GPU;
            }

            @Override
            public Evidence attest(byte[] reportData) {
                throw new AssertionError("never asked");
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KbsClient.builder(java.net.URI.create("http://127.0.0.1:1"), se));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("additional-evidence"), e.getMessage());
    }
}
