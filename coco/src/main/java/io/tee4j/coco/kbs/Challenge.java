package io.tee4j.coco.kbs;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RCAR {@code Challenge} (the answer to {@code /kbs/v0/auth}): {@code {"nonce","extra-params"}}.
 * trustee's nonce is standard base64 of 32 random bytes; its {@code extra-params} is the empty JSON
 * string {@code ""} for every TEE except IBM SE, where it is {@code {"selected-hash-algorithm":"sha512"}}
 * (trustee's code, not its protocol document, which shows an object).
 *
 * <p>Checked when read: the nonce is a non-empty string of at most 64 Ki characters (it is copied
 * into the runtime data verbatim, never decoded: the KBS compares strings), and a selected hash
 * algorithm, when present, is one this client offered.
 *
 * @param nonce the nonce exactly as sent
 * @param extraParams the {@code extra-params} value as a JSON tree
 */
public record Challenge(String nonce, Object extraParams) {
    // IBM SE's nonce is the KBS's whole attestation request (an ARCB with a keyslot per host key, RSA-encrypted
    // key and nonce, header tags: about 2 KiB for one host), so the bound is wider than a 44-character nonce needs.
    private static final int MAX_NONCE_CHARS = 64 * 1024;

    /** A trustee-style challenge: 32 bytes, std base64, {@code extra-params} {@code ""}. */
    public static Challenge of(byte[] nonce) {
        return new Challenge(Base64.getEncoder().encodeToString(nonce), "");
    }

    /** The hash algorithm for the runtime data: the selected one, else SHA-384. */
    public HashAlgorithm hashAlgorithm() throws MalformedEvidenceException {
        if (!(extraParams instanceof Map<?, ?> m) || !m.containsKey("selected-hash-algorithm")) {
            return HashAlgorithm.SHA384;
        }
        Object name = m.get("selected-hash-algorithm");
        HashAlgorithm h = name instanceof String s ? HashAlgorithm.fromWireName(s) : null;
        if (h == null) {
            throw new MalformedEvidenceException("KBS Challenge selects a hash algorithm this client did not offer");
        }
        return h;
    }

    /** The JSON body. */
    public byte[] toJson() throws JsonException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nonce", nonce);
        m.put("extra-params", extraParams);
        return Jcs.canonicalize(m);
    }

    /** Reads a challenge body. */
    public static Challenge parse(byte[] body) throws MalformedEvidenceException {
        try {
            Map<String, Object> m = Json.object(KbsBodies.parse(body, "Challenge"), "Challenge");
            String nonce = Json.string(m, "nonce", "Challenge");
            if (nonce.isEmpty() || nonce.length() > MAX_NONCE_CHARS) {
                throw new MalformedEvidenceException("KBS Challenge nonce is empty or longer than " + MAX_NONCE_CHARS);
            }
            Challenge c = new Challenge(nonce, m.containsKey("extra-params") ? m.get("extra-params") : "");
            c.hashAlgorithm();
            return c;
        } catch (JsonException e) {
            throw new MalformedEvidenceException("KBS Challenge: " + e.getMessage(), e);
        }
    }
}
