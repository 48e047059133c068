package io.tee4j.atls.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;

/** The wrapper codec and the extension decoders on hand-made and hostile input. */
class CmwDecodingTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] cborChoice(byte[] cbor) throws Exception {
        return new DEROctetString(cbor).getEncoded();
    }

    private static byte[] jsonChoice(String json) throws Exception {
        return new DERUTF8String(json).getEncoded();
    }

    @Test
    void tee4jWrapperRoundTrips() throws Exception {
        Evidence ev = Evidence.builder(TeeType.SEV_SNP, new byte[] {1, 2, 3}).addCertificate(new byte[] {4})
                .addCertificate(new byte[] {5, 6}).auxBlob(new byte[] {7}).build();
        byte[] nonce = new byte[45];
        nonce[0] = 9;
        CertificateEvidence ce = CertificateEvidenceDecoder.decodeCmwExtension(
                cborChoice(Tee4jWrapper.write(ev, MediaTypes.NONCE, nonce)));
        assertEquals(Optional.of(TeeType.SEV_SNP), ce.tee());
        assertEquals(ev, ce.evidence().orElseThrow(), "evidence, endorsements in order and aux survive");
        assertEquals(Freshness.CLIENT_NONCE, ce.freshness());
        assertArrayEquals(nonce, ce.claimedNonce().orElseThrow());
        assertEquals(Optional.of(Cmw.TEE4J_COLLECTION_TYPE), ce.cmw().orElseThrow().collectionType());
    }

    @Test
    void jsonCollectionIsAccepted() throws Exception {
        String json = "{\"__cmwc_t\":\"tag:tee4j.io,2026:atls#1\",\"evidence\":[\"application/vnd.tee4j.tdx.quote\","
                + "\"AQID\",4]}";
        CertificateEvidence ce = CertificateEvidenceDecoder.decodeCmwExtension(jsonChoice(json));
        assertEquals(Optional.of(TeeType.TDX), ce.tee());
        assertArrayEquals(new byte[] {1, 2, 3}, ce.evidence().orElseThrow().raw());
    }

    private static void refused(String why, byte[] extnContent) {
        assertThrows(MalformedEvidenceException.class, () -> CertificateEvidenceDecoder.decodeCmwExtension(extnContent),
                why);
    }

    @Test
    void hostileWrappersAreRefusedWithATypedException() throws Exception {
        refused("padded base64", jsonChoice("[\"a/b\",\"AQI=\",4]"));
        refused("standard, not url, base64", jsonChoice("[\"a/b\",\"+/8\",4]"));
        refused("ind zero", jsonChoice("[\"a/b\",\"AQI\",0]"));
        refused("ind wider than 32 bits", jsonChoice("[\"a/b\",\"AQI\",4294967296]"));
        refused("duplicate JSON label", jsonChoice("{\"evidence\":[\"a/b\",\"AQI\"],\"evidence\":[\"a/b\",\"AQI\"]}"));
        refused("nested collection", jsonChoice("{\"evidence\":{\"x\":[\"a/b\",\"AQI\"]}}"));
        refused("empty collection", jsonChoice("{}"));
        refused("no evidence record", jsonChoice("{\"other\":[\"a/b\",\"AQI\"]}"));
        refused("record of one item", jsonChoice("[\"a/b\"]"));
        // CBOR: [text "a", bytes 01] then a trailing byte; a tag form; a duplicate map key; a text value.
        refused("trailing CBOR", cborChoice(HEX.parseHex("82616141" + "01" + "00")));
        refused("CBOR tag form", cborChoice(HEX.parseHex("da63740101" + "4101")));
        refused("duplicate CBOR key", cborChoice(HEX.parseHex("a2" + "6165" + "82616141" + "01" + "6165" + "82616141" + "01")));
        refused("text value in a CBOR record", cborChoice(HEX.parseHex("826161" + "6101")));
        refused("deep CBOR", cborChoice(HEX.parseHex("81".repeat(40) + "00")));
        refused("trailing DER", concat(cborChoice(HEX.parseHex("82616141" + "01")), new byte[] {0}));
        refused("neither choice", new byte[] {0x02, 0x01, 0x00});
        refused("empty", new byte[0]);
        refused("freshness of an unknown kind", cborChoice(CmwCodec.encodeCborCollection("t", java.util.Map.of(
                "evidence", new CmwRecord("a/b", new byte[1], java.util.OptionalLong.empty()),
                "freshness", new CmwRecord("c/d", new byte[1], java.util.OptionalLong.empty())))));
    }

    @Test
    void gramineShapeIsChecked() {
        assertThrows(MalformedEvidenceException.class, () -> CertificateEvidenceDecoder.decodeTcgExtension(
                HEX.parseHex("d9ea60" + "824100" + "4100")), "claims that are not a map");
        assertThrows(MalformedEvidenceException.class, () -> CertificateEvidenceDecoder.decodeTcgExtension(
                HEX.parseHex("82" + "4100" + "4100")), "no tag");
    }

    @Test
    void constellationDocumentDecodes() throws Exception {
        byte[] quote = {1, 2, 3};
        byte[] userData = new byte[32];
        String doc = "{\"RawQuote\":\"AQID\",\"UserData\":\"" + java.util.Base64.getEncoder().encodeToString(userData)
                + "\"}";
        ConstellationDocument d = ConstellationDocument.parse(doc.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(quote, d.rawQuote());
        assertArrayEquals(userData, d.userData());
        assertThrows(MalformedEvidenceException.class,
                () -> ConstellationDocument.parse("{\"RawQuote\":\"AQID\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bindingsFollowEachConvention() throws Exception {
        byte[] spki = {1, 2};
        byte[] nonce = {3};
        assertEquals(64, Bindings.sha512(spki, nonce).length);
        byte[] c = Bindings.constellation(spki, nonce);
        assertEquals(32, c.length);
        byte[] padded = java.util.Arrays.copyOf(c, 64);
        assertTrue(Bindings.matches(padded, c), "Constellation compares with zero padding");
        padded[63] = 1;
        assertTrue(!Bindings.matches(padded, c));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
