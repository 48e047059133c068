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
 * How this client carries tee4j {@link Evidence} as {@code primary_evidence}. TDX and CCA go in the
 * attestation agent's shapes, which trustee's verifiers read: TDX {@code {"quote": base64,
 * "cc_eventlog"?: base64}} (the CCEL from the evidence's auxiliary blob), CCA {@code {"token": [bytes]}}
 * (serde's byte array). Other TEEs go in tee4j's own shape {@code {"tee4j-evidence": {"tee", "raw",
 * "certificates": [..], "aux"?}}}, which only the fake KBS of tee4j-coco-testing reads: trustee's SNP
 * verifier expects the sev crate's serde report, which is not written here.
 *
 * <p>Decoding checks the shape only and takes the TEE from the session, never from the evidence;
 * verifying the evidence is the KBS's job.
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
        if (evidence.type() == TeeType.TDX) {
            Map<String, Object> tdx = new LinkedHashMap<>();
            tdx.put("quote", b64.encodeToString(evidence.raw()));
            evidence.auxBlob().ifPresent(a -> tdx.put("cc_eventlog", b64.encodeToString(a)));
            return tdx;
        }
        if (evidence.type() == TeeType.CCA) {
            List<Object> bytes = new ArrayList<>();
            for (byte b : evidence.raw()) {
                bytes.add(java.math.BigInteger.valueOf(b & 0xff));
            }
            Map<String, Object> cca = new LinkedHashMap<>();
            cca.put("token", bytes);
            return cca;
        }
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

    /** The evidence of a session for {@code tee} in a {@code primary_evidence} tree. */
    public static Evidence decode(Object tree, TeeType tee) throws MalformedEvidenceException {
        try {
            Map<String, Object> outer = Json.object(tree, "primary_evidence");
            if (tee == TeeType.TDX && outer.containsKey("quote")) {
                return tdx(outer);
            }
            if (tee == TeeType.CCA && outer.containsKey("token")) {
                return cca(outer);
            }
            if (outer.size() != 1) {
                throw new MalformedEvidenceException("primary_evidence must hold exactly '" + MEMBER + "'");
            }
            Map<String, Object> m = Json.object(Json.member(outer, MEMBER, "primary_evidence"), MEMBER);
            for (String k : m.keySet()) {
                if (!FIELDS.contains(k)) {
                    throw new MalformedEvidenceException(MEMBER + " has unknown member '" + k + "'");
                }
            }
            if (TeeType.fromId(Json.string(m, "tee", MEMBER)) != tee) {
                throw new MalformedEvidenceException(MEMBER + " is not " + tee.id() + " evidence");
            }
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

    private static Evidence tdx(Map<String, Object> m) throws JsonException, MalformedEvidenceException {
        for (String k : m.keySet()) {
            if (!k.equals("quote") && !k.equals("cc_eventlog")) {
                throw new MalformedEvidenceException("TDX evidence has member '" + k + "' this KBS does not read");
            }
        }
        Evidence.Builder b = Evidence.builder(TeeType.TDX, b64(Json.string(m, "quote", "tdx")));
        String log = m.containsKey("cc_eventlog") ? Json.string(m, "cc_eventlog", "tdx") : "";
        if (!log.isEmpty()) {
            b.auxBlob(b64(log));
        }
        return b.build();
    }

    private static Evidence cca(Map<String, Object> m) throws JsonException, MalformedEvidenceException {
        if (m.size() != 1) {
            throw new MalformedEvidenceException("CCA evidence must hold exactly 'token'");
        }
        List<Object> list = Json.array(m, "token", "cca");
        byte[] token = new byte[list.size()];
        for (int i = 0; i < token.length; i++) {
            if (!(list.get(i) instanceof java.math.BigInteger v) || v.signum() < 0 || v.bitLength() > 8) {
                throw new MalformedEvidenceException("cca.token[" + i + "] is not a byte");
            }
            token[i] = (byte) v.intValue();
        }
        return Evidence.of(TeeType.CCA, token);
    }

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
