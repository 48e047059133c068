package io.tee4j.coco.kbs;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.envelope.SerdeJson;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IBM SE's RCAR challenge: trustee's KBS puts an {@code SeAttestationRequest} (serialized JSON: the
 * attestation request blob, sizes, the measurement key and request nonce encrypted to the KBS, the
 * image's header tags) into the challenge {@code nonce} string. guest-components' client parses it,
 * sets {@code runtime_data_digest} to the runtime-data digest (base64; SHA-512, the algorithm the KBS
 * selects for SE) and hands the re-serialized request to the SE attester, which makes the Ultravisor
 * attest with that digest as user data (rcar_client.rs {@code get_composite_evidence}). The runtime
 * data itself still carries the nonce string unchanged. Nothing is verified here.
 */
public final class SeChallenge {
    private SeChallenge() {
    }

    /** The request in {@code nonce} with {@code runtime_data_digest} set, as the SE attester receives it. */
    public static byte[] attesterInput(String nonce, byte[] digest) throws MalformedEvidenceException {
        Object tree;
        try {
            tree = Json.parse(nonce.getBytes(StandardCharsets.UTF_8));
        } catch (JsonException e) {
            throw new MalformedEvidenceException("the KBS's SE challenge nonce is not an SeAttestationRequest: "
                    + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> m) || !m.containsKey("request_blob")) {
            throw new MalformedEvidenceException("the KBS's SE challenge nonce is not an SeAttestationRequest object "
                    + "(no request_blob)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> request = new LinkedHashMap<>((Map<String, Object>) m);
        request.remove("runtime_data_digest");
        request.put("runtime_data_digest", Base64.getEncoder().encodeToString(digest));
        try {
            return SerdeJson.write(request);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("the KBS's SE challenge holds a value serde_json would not write: "
                    + e.getMessage());
        }
    }
}
