package io.tee4j.coco.kbs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.coco.Vectors;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rcar/ cases of kbs/expected.json: messages, JCS and the runtime-data digests. */
class RcarVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rcar() throws Exception {
        return (Map<String, Object>) Vectors.expected().get("rcar");
    }

    @Test
    void trusteesOwnJcsExampleCanonicalisesAndHashes() throws Exception {
        Map<?, ?> v = (Map<?, ?>) Json.parse(Vectors.bytes("rcar/trustee-as-jcs-example.json"));
        byte[] jcs = Jcs.canonicalize(v.get("input_as_sent"));
        assertEquals(v.get("jcs"), new String(jcs, StandardCharsets.UTF_8));
        assertEquals(v.get("expected_digest_hex"), HEX.formatHex(HashAlgorithm.SHA384.digest(jcs)));
    }

    @Test
    void primaryRuntimeDataIsTheJcsFileAndItsSha384() throws Exception {
        AttestationMessage m = AttestationMessage.parse(Vectors.bytes("rcar/3-attestation.json"));
        RuntimeData r = m.runtimeData();
        assertEquals(Vectors.text("rcar/primary-runtime-data.jcs"), new String(r.canonical(), StandardCharsets.UTF_8));
        byte[] digest = r.digest(HashAlgorithm.SHA384);
        assertEquals(rcar().get("primary_runtime_data_sha384"), HEX.formatHex(digest));
        assertEquals(rcar().get("report_data_64_for_snp_tdx_cca"), HEX.formatHex(RuntimeData.reportData64(digest)));
        assertEquals(rcar().get("sample_evidence_report_data_b64"), Base64.getEncoder().encodeToString(digest));
        assertEquals(Base64.getEncoder().encodeToString(digest), ((Map<?, ?>) m.primaryEvidence()).get("report_data"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void additionalEvidenceIsCoveredAsSentAndTheDeviceDigestOmitsIt() throws Exception {
        AttestationMessage m = AttestationMessage.parse(Vectors.bytes("rcar/3-attestation-with-additional.json"));
        RuntimeData r = m.runtimeData();
        Map<String, Object> with = (Map<String, Object>) rcar().get("with_additional");
        assertEquals(Vectors.text("rcar/primary-runtime-data-with-additional.jcs"),
                new String(r.canonical(), StandardCharsets.UTF_8));
        assertEquals(with.get("primary_runtime_data_sha384"), HEX.formatHex(r.digest(HashAlgorithm.SHA384)));
        assertEquals(rcar().get("device_runtime_data_sha384"), HEX.formatHex(r.deviceDigest(HashAlgorithm.SHA384)));
        Map<?, ?> device = (Map<?, ?>) ((Map<?, ?>) Json.parse(r.additionalEvidence().getBytes(StandardCharsets.UTF_8)))
                .get("sampledevice");
        assertEquals(Base64.getEncoder().encodeToString(r.deviceDigest(HashAlgorithm.SHA384)), device.get("report_data"));
    }

    @Test
    void requestAndChallengeReadAsTrusteeSendsThem() throws Exception {
        KbsRequest req = KbsRequest.parse(Vectors.bytes("rcar/1-request.json"));
        assertEquals(KbsRequest.PROTOCOL_VERSION, req.version());
        assertEquals("sample", req.tee());
        Challenge c = Challenge.parse(Vectors.bytes("rcar/2-challenge.json"));
        assertEquals("", c.extraParams());
        assertEquals(HashAlgorithm.SHA384, c.hashAlgorithm());
        assertEquals(32, Base64.getDecoder().decode(c.nonce()).length);
        // Our own request offers what the JDK can compute, in guest-components' names.
        Map<?, ?> extra = (Map<?, ?>) KbsRequest.parse(KbsRequest.of("snp").toJson()).extraParams();
        assertEquals(List.of("sha256", "sha384", "sha512"), extra.get("supported-hash-algorithms"));
    }

    @Test
    void seSelectsSha512AndAnUnofferedAlgorithmIsRefused() throws Exception {
        Challenge se = Challenge.parse("{\"nonce\":\"abc\",\"extra-params\":{\"selected-hash-algorithm\":\"sha512\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(HashAlgorithm.SHA512, se.hashAlgorithm());
        assertThrows(MalformedEvidenceException.class, () -> Challenge.parse(
                "{\"nonce\":\"abc\",\"extra-params\":{\"selected-hash-algorithm\":\"sm3\"}}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wrongNonceVectorBindsADifferentDigest() throws Exception {
        Challenge c = Challenge.parse(Vectors.bytes("rcar/2-challenge.json"));
        AttestationMessage neg = AttestationMessage.parse(Vectors.bytes("rcar/neg-3-attestation-wrong-nonce.json"));
        assertNotEquals(c.nonce(), neg.runtimeData().nonce());
        AttestationMessage good = AttestationMessage.parse(Vectors.bytes("rcar/3-attestation.json"));
        assertEquals(c.nonce(), good.runtimeData().nonce());
    }

    @Test
    void messagesRoundTripThroughOurWriter() throws Exception {
        AttestationMessage m = AttestationMessage.parse(Vectors.bytes("rcar/3-attestation-with-additional.json"));
        AttestationMessage again = AttestationMessage.parse(m.toJson());
        assertArrayEquals(m.runtimeData().canonical(), again.runtimeData().canonical());
        assertEquals(m.primaryEvidence(), again.primaryEvidence());
    }

    @Test
    void jcsEscapesControlCharactersAndRefusesFractions() throws Exception {
        assertEquals("{\"a\":\"\\u001f\\n\\\"\",\"b\":[true,null,-3]}", new String(Jcs.canonicalize(
                "{\"b\":[true,null,-3],\"a\":\"\\u001F\\n\\\"\"}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertThrows(JsonException.class, () -> Jcs.canonicalize("{\"a\":1.5}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(JsonException.class, () -> Jcs.canonicalize("[9007199254740993]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void malformedMessagesAreTyped() {
        for (String body : List.of("", "[]", "{\"nonce\":1}", "{\"nonce\":\"\"}", "{\"runtime-data\":{}}",
                "{\"runtime-data\":{\"nonce\":\"n\",\"tee-pubkey\":{}},\"tee-evidence\":{},\"x\":1}")) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            assertThrows(MalformedEvidenceException.class, () -> Challenge.parse(b));
            assertThrows(MalformedEvidenceException.class, () -> AttestationMessage.parse(b));
        }
    }
}
