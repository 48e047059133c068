package io.tee4j.nvgpu.collateral;

import static io.tee4j.nvgpu.collateral.OcspDer.as;
import static io.tee4j.nvgpu.collateral.OcspDer.explicit;
import static io.tee4j.nvgpu.collateral.OcspDer.isContext;
import static io.tee4j.nvgpu.collateral.OcspDer.sequence;
import static io.tee4j.nvgpu.collateral.OcspDer.time;

import io.tee4j.nvgpu.collateral.OcspSingleResponse.Status;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;

/**
 * Reads one SingleResponse (RFC 6960 §4.2.1): {@code SEQUENCE { certID CertID, certStatus
 * CertStatus, thisUpdate GeneralizedTime, nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL,
 * singleExtensions [1] EXPLICIT Extensions OPTIONAL }}, where CertStatus is good {@code [0]
 * IMPLICIT NULL}, revoked {@code [1] IMPLICIT RevokedInfo} or unknown {@code [2] IMPLICIT NULL}.
 * Verifies nothing about what it says.
 */
final class OcspSingleResponses {
    private OcspSingleResponses() {
    }

    static OcspSingleResponse read(ASN1Encodable o) throws OcspAnswerException {
        ASN1Sequence s = sequence(o, 3, 5, "SingleResponse");
        OcspCertId id = certId(s.getObjectAt(0));
        ASN1Encodable status = s.getObjectAt(1);
        Instant thisUpdate = time(s.getObjectAt(2), "thisUpdate");
        int i = 3;
        Instant nextUpdate = null;
        if (i < s.size() && isContext(s.getObjectAt(i), 0)) {
            nextUpdate = time(explicit(s.getObjectAt(i++), 0, "nextUpdate"), "nextUpdate");
        }
        if (i < s.size()) {
            sequence(explicit(s.getObjectAt(i++), 1, "singleExtensions"), 1, Integer.MAX_VALUE, "singleExtensions");
        }
        if (i != s.size()) {
            throw new OcspAnswerException("SingleResponse has an unexpected element");
        }
        if (isContext(status, 0) || isContext(status, 2)) {
            ASN1Null.getInstance((ASN1TaggedObject) status, false);
            return new OcspSingleResponse(id, isContext(status, 0) ? Status.GOOD : Status.UNKNOWN, null, null,
                    thisUpdate, nextUpdate);
        }
        if (!isContext(status, 1)) {
            throw new OcspAnswerException("certStatus is not good [0], revoked [1] or unknown [2]");
        }
        ASN1Sequence revoked = sequence(ASN1Sequence.getInstance((ASN1TaggedObject) status, false), 1, 2,
                "RevokedInfo");
        Instant revocationTime = time(revoked.getObjectAt(0), "revocationTime");
        Integer reason = null;
        if (revoked.size() == 2) {
            reason = as(explicit(revoked.getObjectAt(1), 0, "revocationReason"), ASN1Enumerated.class,
                    "revocationReason").intValueExact();
        }
        return new OcspSingleResponse(id, Status.REVOKED, revocationTime, reason, thisUpdate, nextUpdate);
    }

    private static OcspCertId certId(ASN1Encodable o) throws OcspAnswerException {
        ASN1Sequence c = sequence(o, 4, 4, "CertID");
        ASN1Sequence hash = sequence(c.getObjectAt(0), 1, 2, "CertID hashAlgorithm");
        return new OcspCertId(as(hash.getObjectAt(0), ASN1ObjectIdentifier.class, "hash algorithm").getId(),
                as(c.getObjectAt(1), ASN1OctetString.class, "issuerNameHash").getOctets(),
                as(c.getObjectAt(2), ASN1OctetString.class, "issuerKeyHash").getOctets(),
                as(c.getObjectAt(3), ASN1Integer.class, "serialNumber").getValue());
    }
}
