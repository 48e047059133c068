package io.tee4j.coco.jwe;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * One KBS resource response as received: the five members of trustee's flattened JWE, each kept
 * as the exact base64url string that arrived, so the protected header is used as the AAD byte for
 * byte (RFC 7516 section 5.2) and never re-serialised.
 *
 * <p>Parsing checks the shape only: a JSON object with exactly {@code protected}, {@code encrypted_key},
 * {@code iv}, {@code ciphertext} and {@code tag}, each a base64url string. Members trustee never sends
 * ({@code aad}, {@code header}, {@code unprotected}, {@code recipients}) are refused rather than
 * ignored, because ignoring them would let the sender change what the tag covers or what key is used.
 * Nothing is decrypted or authenticated here; see {@link ResponseDecryptor}.
 *
 * @param protectedHeader the {@code protected} member as received
 * @param encryptedKey the {@code encrypted_key} member as received
 * @param iv the {@code iv} member as received
 * @param ciphertext the {@code ciphertext} member as received
 * @param tag the {@code tag} member as received
 */
public record EncryptedResponse(String protectedHeader, String encryptedKey, String iv, String ciphertext, String tag) {
    /** Largest response body accepted (trustee's own request cap is 2 MiB). */
    public static final int MAX_BYTES = 2 * 1024 * 1024;

    private static final Set<String> MEMBERS = Set.of("protected", "encrypted_key", "iv", "ciphertext", "tag");

    /** Reads a response body. */
    public static EncryptedResponse parse(byte[] body) throws MalformedEvidenceException {
        if (body.length > MAX_BYTES) {
            throw new MalformedEvidenceException("KBS response is larger than " + MAX_BYTES + " bytes");
        }
        try {
            Map<String, Object> m = Json.object(Json.parse(body), "response");
            for (String k : m.keySet()) {
                if (!MEMBERS.contains(k)) {
                    throw new MalformedEvidenceException("KBS response has member '" + k + "', which trustee never sends");
                }
            }
            return new EncryptedResponse(b64u(m, "protected"), b64u(m, "encrypted_key"), b64u(m, "iv"),
                    b64u(m, "ciphertext"), b64u(m, "tag"));
        } catch (JsonException e) {
            throw new MalformedEvidenceException("KBS response is not a flattened JWE: " + e.getMessage(), e);
        }
    }

    private static String b64u(Map<String, Object> m, String key) throws JsonException, MalformedEvidenceException {
        String s = Json.string(m, key, "response");
        try {
            Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("KBS response member '" + key + "' is not base64url");
        }
        if (s.indexOf('=') >= 0) {
            throw new MalformedEvidenceException("KBS response member '" + key + "' is padded base64url");
        }
        return s;
    }

    /** The JWE compact serialisation of the same five parts. */
    public String compact() {
        return protectedHeader + '.' + encryptedKey + '.' + iv + '.' + ciphertext + '.' + tag;
    }
}
