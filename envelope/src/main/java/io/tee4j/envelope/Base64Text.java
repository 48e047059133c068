package io.tee4j.envelope;

import io.tee4j.core.MalformedEvidenceException;
import java.util.Base64;

/**
 * Base64 as the envelope producers write it: the standard or the URL-safe alphabet, padded or not
 * (ratsd switched from standard to unpadded base64url; attestation-agent writes standard). One
 * alphabet per value; white space and any other character are refused.
 */
final class Base64Text {
    private Base64Text() {
    }

    static byte[] decode(String text, String field) throws MalformedEvidenceException {
        boolean url = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        if (url && (text.indexOf('+') >= 0 || text.indexOf('/') >= 0)) {
            throw new MalformedEvidenceException(field + " mixes the standard and URL-safe base64 alphabets");
        }
        try {
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException(field + " is not base64: " + e.getMessage());
        }
    }
}
