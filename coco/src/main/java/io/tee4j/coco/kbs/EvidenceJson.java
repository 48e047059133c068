package io.tee4j.coco.kbs;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How this client carries tee4j {@link Evidence} as {@code primary_evidence}:
 * {@code {"tee4j-evidence": {"tee", "raw", "certificates": [..], "aux"?}}}, standard base64.
 *
 * <p>This is tee4j's own shape, read by the fake KBS of tee4j-coco-testing. trustee's verifiers
 * expect each TEE's attestation-agent shape instead (SNP: the sev crate's serde report; TDX
 * {@code {"quote"}}; CCA {@code {"token"}}), which tee4j-envelope reads; writing those shapes is not
 * done here, so this client talks to a real trustee only once an encoder for them is plugged in.
 */
public final class EvidenceJson {
    /** The one member of the object. */
    public static final String MEMBER = "tee4j-evidence";
    private static final Set<String> FIELDS = Set.of("tee", "raw", "certificates", "aux");

    private EvidenceJson() {
    }

    /** The JSON tree for {@code evidence}. */
    public static Map<String, Object> encode(Evidence evidence) {
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("tee", evidence.type().id());
        inner.put("raw", b64.encodeToString(evidence.raw()));
        List<Object> certs = new ArrayList<>();
        for (byte[] c : evidence.certificates()) {
            certs.add(b64.encodeToString(c));
        }
        inner.put("certificates", certs);
        evidence.auxBlob().ifPresent(a -> inner.put("aux", b64.encodeToString(a)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MEMBER, inner);
        return m;
    }

    /** The evidence in a {@code primary_evidence} tree. */
    public static Evidence decode(Object tree) throws MalformedEvidenceException {
        try {
            Map<String, Object> outer = Json.object(tree, "primary_evidence");
            if (outer.size() != 1) {
                throw new MalformedEvidenceException("primary_evidence must hold exactly '" + MEMBER + "'");
            }
            Map<String, Object> m = Json.object(Json.member(outer, MEMBER, "primary_evidence"), MEMBER);
            for (String k : m.keySet()) {
                if (!FIELDS.contains(k)) {
                    throw new MalformedEvidenceException(MEMBER + " has unknown member '" + k + "'");
                }
            }
            TeeType tee = TeeType.fromId(Json.string(m, "tee", MEMBER));
            Evidence.Builder b = Evidence.builder(tee, b64(Json.string(m, "raw", MEMBER)));
            for (Object c : Json.array(m, "certificates", MEMBER)) {
                if (!(c instanceof String s)) {
                    throw new MalformedEvidenceException(MEMBER + ".certificates holds a non-string");
                }
                b.addCertificate(b64(s));
            }
            if (m.containsKey("aux")) {
                b.auxBlob(b64(Json.string(m, "aux", MEMBER)));
            }
            return b.build();
        } catch (JsonException | IllegalArgumentException e) {
            throw new MalformedEvidenceException("primary_evidence: " + e.getMessage(), e);
        }
    }

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
