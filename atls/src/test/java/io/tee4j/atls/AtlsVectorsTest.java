package io.tee4j.atls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.atls.AttestedTlsException.Reason;
import io.tee4j.atls.cert.CertificateEvidence;
import io.tee4j.atls.cert.CertificateEvidenceDecoder;
import io.tee4j.atls.cert.Cmw;
import io.tee4j.atls.cert.CmwRecord;
import io.tee4j.atls.cert.EvidenceFormat;
import io.tee4j.atls.cert.Freshness;
import io.tee4j.atls.cert.GramineEvidence;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The aTLS cases of the shared KBS vectors ({@code vectors/PROVENANCE.md}), reproduced. */
class AtlsVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] resource(String name) throws Exception {
        try (InputStream in = AtlsVectorsTest.class.getResourceAsStream("vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    static X509Certificate cert(String name) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(resource(name)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expected() throws Exception {
        return (Map<String, Object>) Json.parse(resource("expected.json"));
    }

    private static String expectedString(String... path) throws Exception {
        Object v = expected();
        for (String p : path) {
            v = ((Map<?, ?>) v).get(p);
        }
        return (String) v;
    }

    private static byte[] sha(String alg, byte[] data) throws Exception {
        return MessageDigest.getInstance(alg).digest(data);
    }

    @Test
    void theLeafKeyIsTheExpectedOne() throws Exception {
        for (String name : List.of("cert-id-pe-cmw-json.der", "cert-id-pe-cmw-cbor.der",
                "cert-tcg-dice-tagged-evidence-gramine-style.der")) {
            assertEquals(expectedString("leaf_spki_sha256"),
                    HEX.formatHex(sha("SHA-256", cert(name).getPublicKey().getEncoded())), name);
        }
    }

    /** The fake evidence's report data is SHA-512(SPKI ‖ nonce), what CertificateEvidence expects. */
    private static void assertContrastBinding(X509Certificate c, CertificateEvidence ce) throws Exception {
        byte[] nonce = HEX.parseHex(expectedString("nonce_hex"));
        CmwRecord r = ce.cmw().orElseThrow().records().get(Cmw.RECORD_LABEL);
        Map<String, Object> fake = Json.object(Json.parse(r.value()), "$");
        assertEquals(Boolean.TRUE, fake.get("fake-tee-evidence"));
        byte[] reportData = HEX.parseHex((String) fake.get("report_data"));
        byte[] spki = c.getPublicKey().getEncoded();
        assertArrayEquals(sha("SHA-512", concat(spki, nonce)), reportData);
        assertArrayEquals(reportData, ce.expectedReportData(spki, nonce));
    }

    @Test
    void jsonChoiceDecodes() throws Exception {
        X509Certificate c = cert("cert-id-pe-cmw-json.der");
        byte[] extn = c.getExtensionValue("1.3.6.1.5.5.7.1.35");
        assertEquals(0x0c, content(extn)[0] & 0xff, "UTF8String inside the extnValue OCTET STRING");
        CertificateEvidence ce = CertificateEvidenceDecoder.decode(c).orElseThrow();
        assertEquals(EvidenceFormat.TEE4J_CMW, ce.format());
        Cmw cmw = ce.cmw().orElseThrow();
        assertEquals(Cmw.Encoding.JSON, cmw.encoding());
        assertTrue(cmw.isRecord());
        CmwRecord r = cmw.records().get(Cmw.RECORD_LABEL);
        assertEquals("application/vnd.tee4j.fake-evidence+json", r.type());
        assertEquals(CmwRecord.IND_EVIDENCE, r.indicator().getAsLong());
        String json = expectedString("atls/cert-id-pe-cmw-json.der", "cmw_json");
        assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), io.tee4j.atls.cert.CmwCodec.encodeJsonRecord(r),
                "re-encoding the record gives the expected JSON text");
        assertEquals(Freshness.UNSTATED, ce.freshness());
        assertEquals(Optional.empty(), ce.tee(), "a fake media type names no TEE");
        assertContrastBinding(c, ce);
    }

    @Test
    void cborChoiceDecodes() throws Exception {
        X509Certificate c = cert("cert-id-pe-cmw-cbor.der");
        byte[] extn = c.getExtensionValue("1.3.6.1.5.5.7.1.35");
        assertEquals(0x04, content(extn)[0] & 0xff, "OCTET STRING inside the extnValue OCTET STRING");
        byte[] cbor = HEX.parseHex(expectedString("atls/cert-id-pe-cmw-cbor.der", "cmw_cbor_hex"));
        assertTrue(HEX.formatHex(extn).endsWith(HEX.formatHex(cbor)));
        CertificateEvidence ce = CertificateEvidenceDecoder.decode(c).orElseThrow();
        assertEquals(Cmw.Encoding.CBOR, ce.cmw().orElseThrow().encoding());
        CertificateEvidence json = CertificateEvidenceDecoder.decode(cert("cert-id-pe-cmw-json.der")).orElseThrow();
        assertEquals(json.cmw().orElseThrow().records(), ce.cmw().orElseThrow().records(),
                "the JSON and CBOR choices carry the same record");
        assertContrastBinding(c, ce);
    }

    @Test
    void gramineStyleDecodes() throws Exception {
        X509Certificate c = cert("cert-tcg-dice-tagged-evidence-gramine-style.der");
        CertificateEvidence ce = CertificateEvidenceDecoder.decode(c).orElseThrow();
        assertEquals(EvidenceFormat.GRAMINE_TCG_DICE, ce.format());
        assertEquals("2.23.133.5.4.9", ce.extensionOid());
        assertEquals(Freshness.NONE, ce.freshness());
        GramineEvidence g = ce.gramine().orElseThrow();
        String gramine = "atls/cert-tcg-dice-tagged-evidence-gramine-style.der";
        assertEquals(expectedString(gramine, "claims_sha256"), HEX.formatHex(g.claimsDigest()));
        assertEquals(1, g.hashAlgorithm());
        assertEquals(expectedString("leaf_spki_sha256"), HEX.formatHex(g.pubkeyHash()));
        assertTrue(g.keyBound(c.getPublicKey().getEncoded()));
        assertFalse(g.keyBound(new byte[91]), "another key is not bound");
        assertTrue(new String(g.quote(), StandardCharsets.US_ASCII).startsWith("FAKE-SGX-QUOTE:"));
        assertArrayEquals(g.claimsDigest(), ce.expectedReportData(c.getPublicKey().getEncoded(), new byte[0]));
    }

    @Test
    void theTrustManagerRefusesTheVectorsWithTypedReasons() throws Exception {
        PeerAppraisal strict = new PeerAppraisal(SimulatedTees.get().verifier(TeeType.SEV_SNP, true),
                AtlsPolicy.builder(TeeType.SEV_SNP).build());
        byte[] nonce = HEX.parseHex(expectedString("nonce_hex"));
        AttestedTlsException unknownType = assertThrows(AttestedTlsException.class,
                () -> strict.appraise(cert("cert-id-pe-cmw-cbor.der"), Optional.of(nonce), Optional.empty()));
        assertEquals(Reason.UNSUPPORTED_EVIDENCE, unknownType.reason());
        AttestedTlsException notEnabled = assertThrows(AttestedTlsException.class, () -> strict.appraise(
                cert("cert-tcg-dice-tagged-evidence-gramine-style.der"), Optional.of(nonce), Optional.empty()));
        assertEquals(Reason.NO_EVIDENCE, notEnabled.reason(), "Gramine certificates are an opt-in");
        PeerAppraisal gramine = new PeerAppraisal(SimulatedTees.get().verifier(TeeType.SEV_SNP, true),
                AtlsPolicy.builder(TeeType.SEV_SNP).acceptFormat(EvidenceFormat.GRAMINE_TCG_DICE).build());
        AttestedTlsException sgx = assertThrows(AttestedTlsException.class, () -> gramine.appraise(
                cert("cert-tcg-dice-tagged-evidence-gramine-style.der"), Optional.of(nonce), Optional.empty()));
        assertEquals(Reason.UNSUPPORTED_EVIDENCE, sgx.reason(), "tee4j has no SGX verifier");
    }

    /** The extnValue's content, unwrapped from the OCTET STRING the JDK returns. */
    private static byte[] content(byte[] extensionValue) throws Exception {
        return org.bouncycastle.asn1.ASN1OctetString.getInstance(extensionValue).getOctets();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
