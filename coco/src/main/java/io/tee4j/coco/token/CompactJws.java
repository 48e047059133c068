package io.tee4j.coco.token;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A JWS in compact serialisation, split and decoded but not verified: exactly three
 * base64url parts without padding, a header and a payload that are each one JSON object (read by
 * the strict tee4j JSON reader: duplicate members refused), and the signature bytes. Nothing
 * here is trusted; {@link TokenVerifier} checks it.
 */
final class CompactJws {
    /** Largest token accepted: trustee EARs with annotated TDX evidence stay far below this. */
    static final int MAX_TOKEN_CHARS = 1 << 20;

    final String alg;
    final Map<String, Object> header;
    final Map<String, Object> claims;
    /** ASCII(base64url(header) '.' base64url(payload)): the bytes the signature covers. */
    final byte[] signingInput;
    final String signatureB64;
    final byte[] signature;

    private CompactJws(String alg, Map<String, Object> header, Map<String, Object> claims, byte[] signingInput,
            String signatureB64, byte[] signature) {
        this.alg = alg;
        this.header = header;
        this.claims = claims;
        this.signingInput = signingInput;
        this.signatureB64 = signatureB64;
        this.signature = signature;
    }

    static CompactJws parse(String token) throws MalformedEvidenceException {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new MalformedEvidenceException("token: longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length == 5) {
            throw new MalformedEvidenceException("token: a JWE (five parts), not a signed JWT");
        }
        if (parts.length != 3) {
            throw new MalformedEvidenceException("token: a compact JWS has 3 dot-separated parts, this has "
                    + parts.length);
        }
        Map<String, Object> header = object(decode(parts[0], "header"), "header");
        Map<String, Object> claims = object(decode(parts[1], "payload"), "payload");
        Object alg = header.get("alg");
        if (!(alg instanceof String)) {
            throw new MalformedEvidenceException("token: header has no \"alg\" string");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new CompactJws((String) alg, header, claims, signingInput, parts[2], decode(parts[2], "signature"));
    }

    private static byte[] decode(String part, String what) throws MalformedEvidenceException {
        // RFC 7515 base64url without padding; the JDK decoder also takes '=' and non-canonical
        // trailing bits, so refuse those explicitly: one token must have one spelling per part.
        if (part.indexOf('=') >= 0) {
            throw new MalformedEvidenceException("token " + what + ": base64url padding is not allowed");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("token " + what + ": not base64url (" + e.getMessage() + ")");
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
            throw new MalformedEvidenceException("token " + what + ": non-canonical base64url");
        }
        return bytes;
    }

    private static Map<String, Object> object(byte[] json, String what) throws MalformedEvidenceException {
        try {
            return Json.object(Json.parse(json), what);
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("token " + what + ": " + e.getMessage());
        }
    }
}
