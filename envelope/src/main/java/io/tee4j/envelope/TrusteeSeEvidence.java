package io.tee4j.envelope;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IBM Secure Execution evidence as the attestation agent sends it to trustee: the
 * {@code SeAttestationResponse} of trustee {@code deps/verifier/src/se/ibmse.rs}, {@code {"measurement",
 * "additional_data", "user_data", "cuid", "encr_measurement_key", "encr_request_nonce",
 * "image_hdr_tags"}}, every member standard base64. The two encrypted members are the KBS's own,
 * copied from its challenge; only the KBS can decrypt them. tee4j's {@code ibm-se} evidence (the
 * pvattest exchange file) has no such members, so the SE evidence a KBS client sends is this JSON,
 * made by an attester that answered the KBS's challenge; it travels as is, its shape checked.
 * Nothing is verified here.
 */
final class TrusteeSeEvidence {
    private static final List<String> MEMBERS = List.of("measurement", "additional_data", "user_data", "cuid",
            "encr_measurement_key", "encr_request_nonce", "image_hdr_tags");

    private TrusteeSeEvidence() {
    }

    static Map<String, Object> tree(Evidence e) throws MalformedEvidenceException {
        if (!e.certificates().isEmpty() || e.auxBlob().isPresent()) {
            throw new MalformedEvidenceException("trustee's se evidence is the JSON alone: it has no place for "
                    + "certificates or an auxiliary blob (an exchange file's ARPK stays with its requester)");
        }
        try {
            return checked(Json.parse(e.raw()));
        } catch (JsonException ex) {
            throw new MalformedEvidenceException("ibm-se evidence for a KBS is trustee's SeAttestationResponse JSON "
                    + "(answering the KBS's challenge), not a pvattest exchange file: " + ex.getMessage());
        }
    }

    static Envelope read(Map<String, Object> m) throws MalformedEvidenceException {
        checked(m);
        return new Envelope(EnvelopeFormat.TRUSTEE_SE, Evidence.of(TeeType.IBM_SE, SerdeJson.write(m)), List.of(),
                Map.of());
    }

    private static Map<String, Object> checked(Object tree) throws MalformedEvidenceException {
        if (!(tree instanceof Map<?, ?>)) {
            throw new MalformedEvidenceException("trustee se evidence: expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) tree;
        TrusteeVtpmEvidence.requireExactly(m, Set.copyOf(MEMBERS), "trustee se evidence");
        for (String k : MEMBERS) {
            String v = EnvelopeReaders.string(m, k, "$");
            if (v.indexOf('-') >= 0 || v.indexOf('_') >= 0) {
                throw new MalformedEvidenceException("$." + k + ": trustee reads standard base64, not base64url");
            }
            Base64Text.decode(v, "$." + k);
        }
        return m;
    }
}
