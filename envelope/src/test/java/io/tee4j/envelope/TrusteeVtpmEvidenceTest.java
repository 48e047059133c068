package io.tee4j.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * trustee's az-snp-vtpm and az-tdx-vtpm evidence: trustee's own vectors (v0 and v1, as the vtpm
 * module stores them) written as a KBS client sends them and read back as the fake KBS does, with
 * the same JSON; the shapes trustee cannot parse are refused on both sides.
 */
class TrusteeVtpmEvidenceTest {
    private static final Path VECTORS = Path.of("..", "vtpm", "src", "test", "resources", "io", "tee4j", "vtpm", "vectors");

    private static TeeType tee(String dir) {
        return dir.startsWith("azure-snp") ? TeeType.AZURE_SNP_VTPM : TeeType.AZURE_TDX_VTPM;
    }

    @ParameterizedTest
    @ValueSource(strings = {"azure-snp/trustee-evidence-v0.json", "azure-snp/trustee-evidence-v1.json",
            "azure-tdx/trustee-evidence-v0.json", "azure-tdx/trustee-evidence-v1.json"})
    void trusteesVectorsRoundTripUnchanged(String vector) throws Exception {
        TeeType tee = tee(vector);
        byte[] original = Files.readAllBytes(VECTORS.resolve(vector));
        assertTrue(TrusteeEvidenceJson.supports(tee));
        byte[] sent = TrusteeEvidenceJson.write(Evidence.of(tee, original));
        assertEquals(Json.parse(original), Json.parse(sent), "the JSON travels as trustee's attester wrote it");
        Envelope read = TrusteeEvidenceJson.read(Json.parse(sent), tee);
        assertEquals(tee, read.evidence().type());
        assertArrayEquals(sent, read.evidence().raw());
        assertEquals(tee == TeeType.AZURE_SNP_VTPM ? EnvelopeFormat.TRUSTEE_AZ_SNP_VTPM
                : EnvelopeFormat.TRUSTEE_AZ_TDX_VTPM, read.format());
    }

    @Test
    void aBareHclReportHasNoTpmQuoteAndIsRefused() throws Exception {
        byte[] hcl = Files.readAllBytes(VECTORS.resolve("azure-snp/hcl_report.bin"));
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> TrusteeEvidenceJson.write(Evidence.of(TeeType.AZURE_SNP_VTPM, hcl)));
        assertTrue(e.getMessage().contains("TPM quote"), e.getMessage());
    }

    @Test
    void theSessionsTeePicksTheShape() throws Exception {
        Object snp = Json.parse(Files.readAllBytes(VECTORS.resolve("azure-snp/trustee-evidence-v1.json")));
        Object tdx = Json.parse(Files.readAllBytes(VECTORS.resolve("azure-tdx/trustee-evidence-v1.json")));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(snp, TeeType.AZURE_TDX_VTPM));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(tdx, TeeType.AZURE_SNP_VTPM));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(snp, TeeType.SEV_SNP));
    }

    @Test
    void hostileMembersAreRefused() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> good = (Map<String, Object>) Json.parse(
                Files.readAllBytes(VECTORS.resolve("azure-snp/trustee-evidence-v1.json")));
        for (Map.Entry<String, Object> change : Map.<String, Object>of("version", new java.math.BigInteger("3"),
                "extra", "x", "hcl_report", "not base64!", "tpm_quote", "x").entrySet()) {
            Map<String, Object> bad = new LinkedHashMap<>(good);
            bad.put(change.getKey(), change.getValue());
            assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(bad, TeeType.AZURE_SNP_VTPM),
                    change.getKey());
        }
        Map<String, Object> noVcek = new LinkedHashMap<>(good);
        noVcek.remove("vcek");
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(noVcek, TeeType.AZURE_SNP_VTPM));
        @SuppressWarnings("unchecked")
        Map<String, Object> quote = new LinkedHashMap<>((Map<String, Object>) good.get("tpm_quote"));
        quote.put("message", "0g");
        Map<String, Object> badHex = new LinkedHashMap<>(good);
        badHex.put("tpm_quote", quote);
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(badHex, TeeType.AZURE_SNP_VTPM));
    }

    @Test
    void certificatesBesideTheJsonAreRefusedNotDropped() throws Exception {
        byte[] json = Files.readAllBytes(VECTORS.resolve("azure-tdx/trustee-evidence-v1.json"));
        Evidence withAux = Evidence.builder(TeeType.AZURE_TDX_VTPM, json).auxBlob("x".getBytes(StandardCharsets.UTF_8))
                .build();
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(withAux));
    }

    @Test
    void aFractionInLegacyEvidenceIsMalformedNotACrash() throws Exception {
        Object v0 = Json.parse("{\"quote\":1.5,\"report\":[],\"vcek\":\"\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.read(v0, TeeType.AZURE_SNP_VTPM));
        Evidence raw = Evidence.of(TeeType.AZURE_SNP_VTPM, "{\"quote\":[1e3],\"report\":[],\"vcek\":\"\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(raw));
    }

    @Test
    void seEvidenceIsTrusteesSeAttestationResponse() throws Exception {
        String json = "{\"measurement\":\"AA==\",\"additional_data\":\"AQ==\",\"user_data\":\"Ag==\",\"cuid\":\"Aw==\","
                + "\"encr_measurement_key\":\"BA==\",\"encr_request_nonce\":\"BQ==\",\"image_hdr_tags\":\"Bg==\"}";
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        assertTrue(TrusteeEvidenceJson.supports(TeeType.IBM_SE));
        byte[] sent = TrusteeEvidenceJson.write(Evidence.of(TeeType.IBM_SE, raw));
        assertArrayEquals(raw, sent);
        Envelope read = TrusteeEvidenceJson.read(Json.parse(sent), TeeType.IBM_SE);
        assertEquals(EnvelopeFormat.TRUSTEE_SE, read.format());
        assertArrayEquals(raw, read.evidence().raw());
        for (String bad : new String[] {json.replace("\"AA==\"", "\"-_==\""), json.replace(",\"cuid\":\"Aw==\"", ""),
                json.replace("}", ",\"x\":\"\"}"), "[]"}) {
            assertThrows(MalformedEvidenceException.class,
                    () -> TrusteeEvidenceJson.read(Json.parse(bad.getBytes(StandardCharsets.UTF_8)), TeeType.IBM_SE), bad);
        }
        assertThrows(MalformedEvidenceException.class, () -> TrusteeEvidenceJson.write(Evidence.of(TeeType.IBM_SE,
                "pvattest".getBytes(StandardCharsets.UTF_8))));
    }
}
