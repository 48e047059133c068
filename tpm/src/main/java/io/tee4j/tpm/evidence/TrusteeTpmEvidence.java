package io.tee4j.tpm.evidence;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmtSignature;
import io.tee4j.tpm.verify.AttestationKey;
import io.tee4j.tpm.verify.PcrValues;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * trustee's generic {@code tpm} evidence, read as given: {@code {"ak_public": base64 SPKI DER,
 * "tpm_quote": {"message": base64 TPMS_ATTEST, "signature": base64 TPMT_SIGNATURE, "pcrs": [24 hex
 * SHA-256 values, index = position]}}}. The AK travels inside the evidence and nothing vouches for
 * it: verifying such a quote proves the PCRs were quoted by <em>some</em> key, not by a genuine TPM.
 * trustee compares its nonce zero-padded to the extraData's length
 * ({@link io.tee4j.tpm.verify.QuoteNonce#zeroPadded}).
 *
 * @param attestationKey the AK as the evidence gives it
 * @param message the TPMS_ATTEST bytes
 * @param signature the TPMT_SIGNATURE
 * @param pcrs the SHA-256 PCR values
 * @since 0.1
 */
public record TrusteeTpmEvidence(AttestationKey attestationKey, byte[] message, TpmtSignature signature,
        PcrValues pcrs) {
    /** Largest JSON accepted. */
    public static final int MAX_SIZE = 64 * 1024;

    /** Copies the message. */
    public TrusteeTpmEvidence {
        Objects.requireNonNull(attestationKey, "attestationKey");
        message = message.clone();
    }

    /** Reads the JSON. */
    public static TrusteeTpmEvidence parse(byte[] json) throws MalformedEvidenceException {
        Objects.requireNonNull(json, "json");
        if (json.length > MAX_SIZE) {
            throw new MalformedEvidenceException("TPM evidence JSON of " + json.length + " bytes");
        }
        try {
            Map<String, Object> root = Json.object(Json.parse(json), "$");
            AttestationKey ak = AttestationKey.fromSpki(base64(Json.string(root, "ak_public", "$"), "$.ak_public"));
            Map<String, Object> quote = Json.object(Json.member(root, "tpm_quote", "$"), "$.tpm_quote");
            byte[] message = base64(Json.string(quote, "message", "$.tpm_quote"), "$.tpm_quote.message");
            TpmtSignature sig = TpmtSignature.parse(base64(Json.string(quote, "signature", "$.tpm_quote"),
                    "$.tpm_quote.signature"));
            return new TrusteeTpmEvidence(ak, message, sig, sha256Pcrs(Json.array(quote, "pcrs", "$.tpm_quote"),
                    "$.tpm_quote.pcrs"));
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("TPM evidence: " + e.getMessage());
        }
    }

    /** A list of hex SHA-256 PCR values, the index being the position (at most 24). */
    public static PcrValues sha256Pcrs(List<Object> list, String path) throws MalformedEvidenceException {
        if (list.size() > PcrValues.PCR_COUNT) {
            throw new MalformedEvidenceException(path + " lists " + list.size() + " PCRs (at most 24)");
        }
        PcrValues.Builder b = PcrValues.builder();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String)) {
                throw new MalformedEvidenceException(path + "[" + i + "] is not a hex string");
            }
            byte[] v = Json.parseHex((String) list.get(i), TpmHash.SHA256.size());
            if (v == null) {
                throw new MalformedEvidenceException(path + "[" + i + "] is not 32 bytes of hex");
            }
            b.put(TpmHash.SHA256, i, v);
        }
        return b.build();
    }

    private static byte[] base64(String s, String path) throws MalformedEvidenceException {
        try {
            return Base64.getDecoder().decode(s.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException(path + " is not base64: " + e.getMessage());
        }
    }

    @Override
    public byte[] message() {
        return message.clone();
    }
}
