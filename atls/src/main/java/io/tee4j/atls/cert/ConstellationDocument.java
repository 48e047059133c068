package io.tee4j.atls.cert;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import java.util.Base64;
import java.util.Map;

/**
 * Constellation's QEMU TDX attestation document (read only), as its {@code tdx/issuer.go} marshals
 * it: JSON {@code {"RawQuote": base64, "UserData": base64}} (Go's standard base64 for byte
 * slices), {@code UserData} being SHA-256 of the certificate's SubjectPublicKeyInfo.
 */
record ConstellationDocument(byte[] rawQuote, byte[] userData) {
    static ConstellationDocument parse(byte[] json) throws MalformedEvidenceException {
        try {
            Map<String, Object> m = Json.object(Json.parse(json), "$");
            return new ConstellationDocument(b64(Json.string(m, "RawQuote", "$")), b64(Json.string(m, "UserData", "$")));
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("Constellation document: " + e.getMessage(), e);
        }
    }

    private static byte[] b64(String s) throws MalformedEvidenceException {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("Constellation document: bad base64: " + e.getMessage());
        }
    }
}
