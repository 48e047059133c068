package io.tee4j.nvgpu.collateral;

import static io.tee4j.nvgpu.collateral.OcspDer.as;
import static io.tee4j.nvgpu.collateral.OcspDer.explicit;
import static io.tee4j.nvgpu.collateral.OcspDer.isContext;
import static io.tee4j.nvgpu.collateral.OcspDer.sequence;
import static io.tee4j.nvgpu.collateral.OcspDer.time;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Reads an OCSP answer (RFC 6960 §4.2.1) field by field: OCSPResponse, responseBytes of type
 * id-pkix-ocsp-basic, BasicOCSPResponse, ResponseData (version v1 only), its response extensions
 * (the nonce) and every SingleResponse (CertID, CertStatus, thisUpdate, nextUpdate). The whole
 * answer and the basic response inside it must each be one DER value with nothing after it.
 * Verifies nothing: not the signature, not who signed, not the status or the window.
 */
final class OcspResponseReader {
    private OcspResponseReader() {
    }

    /** The successful basic response in {@code body}; anything else is an {@link OcspAnswerException}. */
    static OcspBasicResponse read(byte[] body) throws OcspAnswerException {
        try {
            ASN1Sequence response = sequence(OcspDer.parse(body, "OCSP response"), 1, 2, "OCSPResponse");
            int status = as(response.getObjectAt(0), ASN1Enumerated.class, "responseStatus").intValueExact();
            if (status != 0) {
                throw new OcspAnswerException("OCSP responder answered status " + status + " (not successful)");
            }
            if (response.size() != 2) {
                throw new OcspAnswerException("successful OCSP response without responseBytes");
            }
            ASN1Sequence bytes = sequence(explicit(response.getObjectAt(1), 0, "responseBytes"), 2, 2, "ResponseBytes");
            ASN1ObjectIdentifier type = as(bytes.getObjectAt(0), ASN1ObjectIdentifier.class, "responseType");
            if (!OCSPObjectIdentifiers.id_pkix_ocsp_basic.equals(type)) {
                throw new OcspAnswerException("OCSP answer is not a basic response (type " + type + ")");
            }
            return basic(as(bytes.getObjectAt(1), ASN1OctetString.class, "response").getOctets());
        } catch (IOException | RuntimeException e) {
            throw new OcspAnswerException("OCSP answer does not parse: " + e.getMessage(), e);
        }
    }

    private static OcspBasicResponse basic(byte[] der) throws OcspAnswerException, IOException {
        ASN1Sequence basic = sequence(OcspDer.parse(der, "BasicOCSPResponse"), 3, 4, "BasicOCSPResponse");
        ASN1Sequence tbs = sequence(basic.getObjectAt(0), 3, 5, "tbsResponseData");
        ASN1Sequence algorithm = sequence(basic.getObjectAt(1), 1, 2, "signatureAlgorithm");
        String algorithmOid = as(algorithm.getObjectAt(0), ASN1ObjectIdentifier.class, "signature algorithm").getId();
        boolean noParameters = algorithm.size() == 1 || algorithm.getObjectAt(1) instanceof ASN1Null;
        ASN1BitString signature = as(basic.getObjectAt(2), ASN1BitString.class, "signature");
        if (signature.getPadBits() != 0) {
            throw new OcspAnswerException("signature BIT STRING has unused bits");
        }
        List<byte[]> certificates = new ArrayList<>();
        if (basic.size() == 4) {
            ASN1Sequence certs = sequence(explicit(basic.getObjectAt(3), 0, "certs"), 0, Integer.MAX_VALUE, "certs");
            for (ASN1Encodable c : certs) {
                certificates.add(sequence(c, 3, 3, "certificate").getEncoded(ASN1Encoding.DER));
            }
        }
        int i = 0;
        if (isContext(tbs.getObjectAt(0), 0)) {
            ASN1Integer version = as(explicit(tbs.getObjectAt(i++), 0, "version"), ASN1Integer.class, "version");
            if (!version.hasValue(0)) {
                throw new OcspAnswerException("ResponseData version is not v1");
            }
        }
        responderId(tbs.getObjectAt(i++));
        time(tbs.getObjectAt(i++), "producedAt");
        ASN1Sequence singles = sequence(tbs.getObjectAt(i++), 0, Integer.MAX_VALUE, "responses");
        byte[] nonce = null;
        if (i < tbs.size()) {
            nonce = OcspExtensions.nonce(explicit(tbs.getObjectAt(i++), 1, "responseExtensions"));
        }
        if (i != tbs.size()) {
            throw new OcspAnswerException("tbsResponseData has an unexpected element");
        }
        List<OcspSingleResponse> responses = new ArrayList<>();
        for (ASN1Encodable s : singles) {
            responses.add(OcspSingleResponses.read(s));
        }
        // The signed bytes: the whole basic response is DER, so this is exactly what was received.
        return new OcspBasicResponse(tbs.getEncoded(ASN1Encoding.DER), algorithmOid, noParameters, signature.getOctets(),
                List.copyOf(certificates), nonce, List.copyOf(responses));
    }

    /**
     * ResponderID ::= CHOICE { byName [1] EXPLICIT Name, byKey [2] EXPLICIT OCTET STRING }. Only its
     * form is checked: the signature, not this field, decides who signed.
     */
    private static void responderId(ASN1Encodable o) throws OcspAnswerException {
        if (isContext(o, 1)) {
            X500Name.getInstance(explicit(o, 1, "responderID byName"));
        } else if (isContext(o, 2)) {
            as(explicit(o, 2, "responderID byKey"), ASN1OctetString.class, "responderID byKey");
        } else {
            throw new OcspAnswerException("responderID is neither byName [1] nor byKey [2]");
        }
    }
}
