package io.tee4j.nvgpu.collateral;

import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;

/**
 * The strict reading steps of {@link OcspResponseReader}, on Bouncy Castle's low-level ASN.1
 * objects (bcprov): one DER value with nothing after it, sequences with the expected number of
 * elements, context tags with the expected number and explicitness, GeneralizedTime only. Every
 * failure, including Bouncy Castle's unchecked ones on a wrong type, is an {@link OcspAnswerException}.
 */
final class OcspDer {
    private OcspDer() {
    }

    /**
     * One value that is exactly the DER encoding of itself. DER is what RFC 6960 prescribes and
     * what nvtrust's reader (pyca/cryptography) and Go's crypto/ocsp accept; a BER form or a byte
     * after the value is refused, so the signed bytes are the bytes received.
     */
    static ASN1Primitive parse(byte[] der, String what) throws OcspAnswerException {
        ASN1Primitive p;
        try {
            p = ASN1Primitive.fromByteArray(der); // refuses bytes after the value
            if (p == null || !Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
                throw new OcspAnswerException(what + " is not DER");
            }
            return p;
        } catch (IOException | RuntimeException e) {
            throw new OcspAnswerException(what + " does not parse: " + e.getMessage(), e);
        }
    }

    static ASN1Sequence sequence(ASN1Encodable o, int min, int max, String what) throws OcspAnswerException {
        if (!(o instanceof ASN1Sequence)) {
            throw new OcspAnswerException(what + " is not a SEQUENCE");
        }
        ASN1Sequence s = (ASN1Sequence) o;
        if (s.size() < min || s.size() > max) {
            throw new OcspAnswerException(what + " has " + s.size() + " elements, expected " + min + ".." + max);
        }
        return s;
    }

    /** Whether {@code o} is a context-specific tag {@code [tagNo]}. */
    static boolean isContext(ASN1Encodable o, int tagNo) {
        return o instanceof ASN1TaggedObject && ((ASN1TaggedObject) o).getTagClass() == BERTags.CONTEXT_SPECIFIC
                && ((ASN1TaggedObject) o).getTagNo() == tagNo;
    }

    static ASN1TaggedObject context(ASN1Encodable o, int tagNo, String what) throws OcspAnswerException {
        if (!isContext(o, tagNo)) {
            throw new OcspAnswerException(what + " is not tagged [" + tagNo + "]");
        }
        return (ASN1TaggedObject) o;
    }

    /** The value inside an EXPLICIT context tag. */
    static ASN1Encodable explicit(ASN1Encodable o, int tagNo, String what) throws OcspAnswerException {
        ASN1TaggedObject t = context(o, tagNo, what);
        if (!t.isExplicit()) {
            throw new OcspAnswerException(what + " is not an explicit [" + tagNo + "] tag");
        }
        return t.getExplicitBaseObject();
    }

    static <T> T as(ASN1Encodable o, Class<T> type, String what) throws OcspAnswerException {
        if (!type.isInstance(o)) {
            throw new OcspAnswerException(what + " is not " + type.getSimpleName());
        }
        return type.cast(o);
    }

    static Instant time(ASN1Encodable o, String what) throws OcspAnswerException {
        ASN1GeneralizedTime t = as(o, ASN1GeneralizedTime.class, what + " (GeneralizedTime)");
        try {
            return t.getDate().toInstant();
        } catch (ParseException | RuntimeException e) {
            throw new OcspAnswerException(what + " is not a valid time", e);
        }
    }
}
