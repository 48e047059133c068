package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tee4j.nvgpu.collateral.OcspVerdicts;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

/**
 * Adversarial answers for every field the OCSP reader parses by hand since it left bcpkix. Each
 * answer is otherwise valid and correctly signed (over its own, altered, tbsResponseData), so the
 * verdict shows the reader's decision on that field alone: a malformed field is no usable answer
 * (UNAVAILABLE, exit 4, as any unparsable answer was before); a well-formed but unauthorised or
 * mis-signed answer fails (FAIL:COLLATERAL, exit 2).
 */
class OcspAnswerFieldsTest {
    static final OcspCorpus CORPUS = new OcspCorpus();
    static final Instant NOW = OcspCorpus.NOW;

    private static String verdict(byte[] body) {
        return OcspVerdicts.verdict(body, CORPUS.ca("leaf").cert, CORPUS.ca("ica").cert, OcspCorpus.NONCE, NOW, false);
    }

    private static String verdict(Consumer<OcspCorpus.Answer> edit) throws Exception {
        OcspCorpus.Answer a = CORPUS.new Answer();
        edit.accept(a);
        if (a.singles.isEmpty()) {
            a.good();
        }
        return verdict(a.encode());
    }

    private static ASN1EncodableVector with(ASN1EncodableVector v, int index, ASN1Encodable value) {
        ASN1EncodableVector out = new ASN1EncodableVector();
        for (int i = 0; i < v.size(); i++) {
            out.add(i == index ? value : v.get(i));
        }
        if (index == v.size()) {
            out.add(value);
        }
        return out;
    }

    private static DERTaggedObject explicit(int tag, ASN1Encodable value) {
        return new DERTaggedObject(true, tag, value);
    }

    @Test
    void theBaselineIsGood() throws Exception {
        assertEquals("GOOD", verdict(a -> { }));
    }

    @Test
    void outerResponse() throws Exception {
        byte[] basic = CORPUS.new Answer().good().encode();
        assertEquals("UNAVAILABLE", verdict(Arrays.copyOf(basic, basic.length + 1)), "trailing byte");
        OcspCorpus.Answer notBasic = CORPUS.new Answer().good();
        notBasic.responseType = OCSPObjectIdentifiers.id_pkix_ocsp;
        assertEquals("UNAVAILABLE", verdict(notBasic.encode()), "response type not basic");
        byte[] integerStatus = basic.clone();
        integerStatus[4] = 0x02; // responseStatus ENUMERATED -> INTEGER
        assertEquals("UNAVAILABLE", verdict(integerStatus), "responseStatus of the wrong type");
        assertEquals("UNAVAILABLE", verdict(new OCSPResponse(new OCSPResponseStatus(0), null).getEncoded()),
                "successful without responseBytes");
        assertEquals("UNAVAILABLE", verdict(new DERSequence(new ASN1Encodable[] {new ASN1Enumerated(0),
                new DERTaggedObject(true, 1, new ResponseBytes(OCSPObjectIdentifiers.id_pkix_ocsp_basic,
                        new DEROctetString(new byte[] {0x30, 0})))}).getEncoded()), "responseBytes tagged [1]");
        assertEquals("UNAVAILABLE", verdict(new DERSequence(new ASN1Encodable[] {new ASN1Enumerated(0),
                new DERTaggedObject(true, 0, new DERSequence(new ASN1Encodable[] {
                    OCSPObjectIdentifiers.id_pkix_ocsp_basic, new ASN1Integer(1)}))}).getEncoded()),
                "response not an OCTET STRING");
        // The same content in BER (indefinite lengths): valid BER, not DER.
        assertEquals("UNAVAILABLE", verdict(ber(basic)), "BER outer encoding");
    }

    /** The outer SEQUENCE re-encoded with an indefinite length (BER), same content. */
    private static byte[] ber(byte[] der) throws Exception {
        org.bouncycastle.asn1.ASN1Sequence s = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        ASN1EncodableVector v = new ASN1EncodableVector();
        s.forEach(v::add);
        return new BERSequence(v).getEncoded(ASN1Encoding.BER);
    }

    @Test
    void basicResponse() throws Exception {
        assertEquals("UNAVAILABLE", verdict(a -> a.basicBytes = b -> Arrays.copyOf(b, b.length + 2)),
                "bytes after the basic response inside its OCTET STRING");
        assertEquals("UNAVAILABLE", verdict(a -> a.basicBytes = b -> {
            try {
                return ber(b);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "basic response in BER");
        assertEquals("UNAVAILABLE", verdict(a -> a.signaturePadBits = 1), "signature BIT STRING with unused bits");
        assertEquals("UNAVAILABLE", verdict(a -> a.signatureAlgorithmField = X9ObjectIdentifiers.ecdsa_with_SHA384),
                "signature algorithm not an AlgorithmIdentifier");
        assertEquals("FAIL:COLLATERAL", verdict(a -> a.signatureAlgorithmField = new AlgorithmIdentifier(
                X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA384)),
                "ECDSA with parameters other than NULL");
        assertEquals("GOOD", verdict(a -> a.signatureAlgorithmField = new AlgorithmIdentifier(
                X9ObjectIdentifiers.ecdsa_with_SHA384, DERNull.INSTANCE)), "ECDSA with NULL parameters, as before");
        assertEquals("FAIL:COLLATERAL", verdict(a -> {
            try {
                OcspCorpus.Answer twin = CORPUS.new Answer().good();
                twin.extensions = OcspCorpus.nonce(OcspCorpus.octets(new byte[32]));
                a.signOver = twin.tbs();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "signature over other bytes");
    }

    @Test
    void certificatesField() throws Exception {
        OcspCorpus.Answer delegated = CORPUS.new Answer().good();
        delegated.signer = CORPUS.ca("delegated");
        delegated.included.add(delegated.signer.cert);
        assertEquals("GOOD", verdict(delegated.encode()));
        assertEquals("UNAVAILABLE", verdict(a -> {
            a.signer = CORPUS.ca("delegated");
            a.certsField = new DERTaggedObject(true, 1, new DERSequence());
        }), "certs tagged [1]");
        assertEquals("UNAVAILABLE", verdict(a -> {
            a.signer = CORPUS.ca("delegated");
            a.certsField = new DERTaggedObject(false, 0, new DERSequence(new ASN1Integer(1)));
        }), "certs implicitly tagged");
        assertEquals("FAIL:COLLATERAL", verdict(a -> {
            a.signer = CORPUS.ca("delegated");
            a.certsField = explicit(0, new DERSequence(new DERSequence(new ASN1Encodable[] {new ASN1Integer(1),
                new ASN1Integer(2), new ASN1Integer(3)})));
        }), "an included certificate that is not one");
        OcspCorpus.Answer byStranger = CORPUS.new Answer().good();
        byStranger.signer = CORPUS.ca("rootsDelegate");
        byStranger.included.add(byStranger.signer.cert);
        assertEquals("FAIL:COLLATERAL", verdict(byStranger.encode()), "responder certificate not issued by the CA");
    }

    @Test
    void responseData() throws Exception {
        assertEquals("GOOD", verdict(a -> a.version = explicit(0, new ASN1Integer(0))), "explicit v1");
        assertEquals("UNAVAILABLE", verdict(a -> a.version = explicit(0, new ASN1Integer(1))), "version v2");
        assertEquals("UNAVAILABLE", verdict(a -> a.version = explicit(0, new ASN1Enumerated(0))), "version type");
        assertEquals("GOOD", verdict(a -> a.responderId = explicit(2, new DEROctetString(new byte[20]))),
                "responder byKey");
        assertEquals("UNAVAILABLE", verdict(a -> a.responderId = explicit(3, new DEROctetString(new byte[20]))),
                "responderID tagged [3]");
        assertEquals("UNAVAILABLE", verdict(a -> a.responderId = explicit(1, new ASN1Integer(7))),
                "responderID byName not a Name");
        assertEquals("UNAVAILABLE", verdict(a -> a.responderId = explicit(2, new ASN1Integer(7))),
                "responderID byKey not an OCTET STRING");
        assertEquals("UNAVAILABLE", verdict(a -> a.producedAt = new ASN1UTCTime(Date.from(NOW))), "producedAt UTCTime");
        assertEquals("UNAVAILABLE", verdict(a -> a.responsesField = new DERSet()), "responses a SET");
        assertEquals("UNAVAILABLE", verdict(a -> a.tbsTail.add(new ASN1Integer(1))), "an element after extensions");
    }

    @Test
    void responseExtensions() throws Exception {
        byte[] nonce = OcspCorpus.octets(OcspCorpus.NONCE);
        ASN1ObjectIdentifier nonceId = OCSPObjectIdentifiers.id_pkix_ocsp_nonce;
        assertEquals("UNAVAILABLE", verdict(a -> a.extensionsField = new DERTaggedObject(true, 2,
                OcspCorpus.nonce(nonce))), "extensions tagged [2]");
        DERSequence ext = new DERSequence(new ASN1Encodable[] {nonceId, new DEROctetString(nonce)});
        assertEquals("UNAVAILABLE", verdict(a -> a.extensionsField = explicit(1, new DERSequence(
                new ASN1Encodable[] {ext, ext}))), "the nonce twice");
        assertEquals("UNAVAILABLE", verdict(a -> a.extensionsField = explicit(1, new DERSequence())),
                "empty Extensions");
        assertEquals("UNAVAILABLE", verdict(a -> a.extensionsField = explicit(1, new DERSequence(new DERSequence(
                new ASN1Encodable[] {nonceId, new ASN1Integer(1), new DEROctetString(nonce)})))),
                "critical not a BOOLEAN");
        assertEquals("UNAVAILABLE", verdict(a -> a.extensionsField = explicit(1, new DERSequence(new DERSequence(
                new ASN1Encodable[] {nonceId, new ASN1Integer(1)})))), "extnValue not an OCTET STRING");
        assertEquals("GOOD", verdict(a -> a.extensionsField = explicit(1, new DERSequence(new DERSequence(
                new ASN1Encodable[] {nonceId, ASN1Boolean.FALSE, new DEROctetString(nonce)})))),
                "critical present and false");
    }

    @Test
    void singleResponse() throws Exception {
        OcspCorpus.Answer base = CORPUS.new Answer();
        ASN1EncodableVector good = base.goodSingle();
        assertEquals("GOOD", verdict(a -> a.raw(good)));
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 1, new DERTaggedObject(false, 3, DERNull.INSTANCE)))),
                "certStatus [3]");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 1, new DERTaggedObject(false, 0,
                new DEROctetString(new byte[1]))))), "good [0] with content");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 1, new DERTaggedObject(false, 1, new DERSequence(
                new ASN1Encodable[] {new ASN1GeneralizedTime(Date.from(NOW)), explicit(0, new ASN1Integer(1))}))))),
                "revocationReason an INTEGER");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 1, new DERTaggedObject(false, 1, new DERSequence(
                new ASN1UTCTime(Date.from(NOW))))))), "revocationTime UTCTime");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 2, new ASN1UTCTime(Date.from(NOW))))),
                "thisUpdate UTCTime");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 3, new ASN1GeneralizedTime(
                Date.from(NOW.plus(Duration.ofDays(1))))))), "nextUpdate untagged");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 3, new DERTaggedObject(false, 0,
                new ASN1GeneralizedTime(Date.from(NOW.plus(Duration.ofDays(1)))))))), "nextUpdate implicit");
        assertEquals("GOOD", verdict(a -> a.raw(with(good, 4, explicit(1, OcspCorpus.nonce(new byte[] {4, 0}))))),
                "singleExtensions");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(with(good, 4, explicit(1, OcspCorpus.nonce(
                new byte[] {4, 0}))), 5, new ASN1Integer(1)))), "a sixth element");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 4, explicit(2, new ASN1Integer(1))))),
                "singleExtensions tagged [2]");
    }

    @Test
    void certId() throws Exception {
        OcspCorpus.Answer base = CORPUS.new Answer();
        ASN1EncodableVector good = base.goodSingle();
        org.bouncycastle.asn1.ocsp.CertID id = OcspCorpus.certId(OcspCorpus.SHA384, CORPUS.ca("leaf").cert,
                CORPUS.ca("ica").cert);
        ASN1EncodableVector parts = new ASN1EncodableVector();
        org.bouncycastle.asn1.ASN1Sequence.getInstance(id).forEach(parts::add);
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 0, new DERSequence(with(parts, 3,
                new DEROctetString(id.getSerialNumber().getValue().toByteArray())))))), "serial an OCTET STRING");
        ASN1EncodableVector three = new ASN1EncodableVector();
        three.add(parts.get(0));
        three.add(parts.get(1));
        three.add(parts.get(3));
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 0, new DERSequence(three)))), "three elements");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 0, new DERSequence(with(parts, 0,
                OcspCorpus.SHA384.getAlgorithm()))))), "hash algorithm not an AlgorithmIdentifier");
        assertEquals("UNAVAILABLE", verdict(a -> a.raw(with(good, 0, new DERSequence(with(parts, 1,
                new ASN1Integer(5)))))), "issuerNameHash not an OCTET STRING");
        assertEquals("FAIL:COLLATERAL", verdict(a -> a.raw(with(good, 0, new DERSequence(with(parts, 2,
                new DEROctetString(new byte[48])))))), "another issuer key hash: not about this certificate");
        assertEquals("FAIL:COLLATERAL", verdict(a -> a.raw(with(good, 0, new DERSequence(with(parts, 0,
                new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4"))))))),
                "an unknown hash: nothing shows it is about this certificate");
    }
}
