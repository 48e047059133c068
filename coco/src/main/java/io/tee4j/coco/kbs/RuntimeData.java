package io.tee4j.coco.kbs;

import io.tee4j.json.Json.JsonException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The RCAR runtime data and its binding into evidence, as trustee's attestation service computes
 * it ({@code parse_runtime_data}) and guest-components' client produces it: R = {@code {"nonce",
 * "tee-pubkey", "additional-evidence"}}, digest = H(JCS(R)). Device (additional) evidence is bound
 * to H(JCS({"nonce","tee-pubkey"})) without the additional-evidence member.
 *
 * <p>SNP REPORT_DATA, TDX REPORTDATA and the CCA challenge are 64 bytes: the digest followed by
 * zeros ({@link #reportData64}); trustee pads or truncates the expected value to the field size.
 *
 * @param nonce the challenge nonce exactly as the KBS sent it
 * @param teePubKey the TEE public key JWK exactly as sent in {@code tee-pubkey}
 * @param additionalEvidence the additional-evidence string as sent, {@code ""} for none
 */
public record RuntimeData(String nonce, Map<String, Object> teePubKey, String additionalEvidence) {
    /** Report data size of SNP, TDX and CCA. */
    public static final int REPORT_DATA_BYTES = 64;

    /** Checks that no member is null. */
    public RuntimeData {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(teePubKey, "teePubKey");
        Objects.requireNonNull(additionalEvidence, "additionalEvidence");
    }

    /** R as a JSON tree (members in any order: the digest canonicalises). */
    public Map<String, Object> tree() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("nonce", nonce);
        r.put("tee-pubkey", teePubKey);
        r.put("additional-evidence", additionalEvidence);
        return r;
    }

    /** JCS(R): the bytes that are hashed. */
    public byte[] canonical() throws JsonException {
        return Jcs.canonicalize(tree());
    }

    /** H(JCS(R)), the primary evidence's binding. */
    public byte[] digest(HashAlgorithm hash) throws JsonException {
        return hash.digest(canonical());
    }

    /** H(JCS({nonce, tee-pubkey})), the device (additional) evidence's binding. */
    public byte[] deviceDigest(HashAlgorithm hash) throws JsonException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("nonce", nonce);
        r.put("tee-pubkey", teePubKey);
        return hash.digest(Jcs.canonicalize(r));
    }

    /** {@code digest} zero-padded (or truncated) to the 64-byte report data field. */
    public static byte[] reportData64(byte[] digest) {
        return Arrays.copyOf(digest, REPORT_DATA_BYTES);
    }
}
