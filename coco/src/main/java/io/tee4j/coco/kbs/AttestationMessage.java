package io.tee4j.coco.kbs;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.envelope.SerdeJson;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The RCAR {@code Attestation} ({@code POST /kbs/v0/attest}): {@code {"runtime-data": {"nonce",
 * "tee-pubkey"}, "tee-evidence": {"primary_evidence", "additional_evidence"}, "init-data"?}}. The outer
 * keys are kebab-case, the inner keys of {@code tee-evidence} snake_case, as kbs-types has them.
 *
 * <p>Reading checks the shape only (members present, of the right JSON types, no unknown outer
 * members); whether the nonce is the session's and the evidence binds the runtime data is the
 * KBS's check (see the fake KBS in tee4j-coco-testing).
 *
 * <p>Written as serde_json writes kbs-types' structs (compact, members in order, integers of any size:
 * an SNP report's u64 fields are not limited to JSON's exact-double range); only the runtime data is
 * canonicalised, for its digest ({@link RuntimeData#digest}).
 *
 * @param runtimeData nonce, TEE key and the additional-evidence string
 * @param primaryEvidence the TEE's evidence as a JSON tree
 * @param initData the {@code init-data}, or null when absent
 */
public record AttestationMessage(RuntimeData runtimeData, Object primaryEvidence, InitData initData) {
    private static final Set<String> MEMBERS = Set.of("runtime-data", "tee-evidence", "init-data");

    /** The JSON body. */
    public byte[] toJson() throws JsonException {
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("nonce", runtimeData.nonce());
        runtime.put("tee-pubkey", runtimeData.teePubKey());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("primary_evidence", primaryEvidence);
        evidence.put("additional_evidence", runtimeData.additionalEvidence());
        Map<String, Object> m = new LinkedHashMap<>();
        if (initData != null) {
            m.put("init-data", initData.tree());
        }
        m.put("runtime-data", runtime);
        m.put("tee-evidence", evidence);
        return SerdeJson.write(m);
    }

    /** Reads an attestation body. */
    public static AttestationMessage parse(byte[] body) throws MalformedEvidenceException {
        try {
            Map<String, Object> m = Json.object(KbsBodies.parse(body, "Attestation"), "Attestation");
            for (String k : m.keySet()) {
                if (!MEMBERS.contains(k)) {
                    throw new MalformedEvidenceException("KBS Attestation has unknown member '" + k + "'");
                }
            }
            Map<String, Object> runtime = Json.object(Json.member(m, "runtime-data", "Attestation"), "runtime-data");
            Map<String, Object> key = Json.object(Json.member(runtime, "tee-pubkey", "runtime-data"), "tee-pubkey");
            Map<String, Object> evidence = Json.object(Json.member(m, "tee-evidence", "Attestation"), "tee-evidence");
            String additional = evidence.containsKey("additional_evidence")
                    ? Json.string(evidence, "additional_evidence", "tee-evidence") : "";
            RuntimeData r = new RuntimeData(Json.string(runtime, "nonce", "runtime-data"), key, additional);
            InitData init = null;
            if (m.containsKey("init-data")) {
                Map<String, Object> i = Json.object(m.get("init-data"), "init-data");
                init = new InitData(Json.string(i, "format", "init-data"), Json.string(i, "body", "init-data"));
            }
            return new AttestationMessage(r, Json.member(evidence, "primary_evidence", "tee-evidence"), init);
        } catch (JsonException | IllegalArgumentException e) {
            throw new MalformedEvidenceException("KBS Attestation: " + e.getMessage(), e);
        }
    }
}
