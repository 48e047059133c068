package io.tee4j.coco.kbs;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RCAR {@code Request} ({@code POST /kbs/v0/auth}): {@code {"version","tee","extra-params"}}.
 * trustee accepts exactly version {@value #PROTOCOL_VERSION}; the client offers the hash algorithms
 * it can compute in {@code extra-params.supported-hash-algorithms}, as guest-components does.
 *
 * @param version the protocol version
 * @param tee the KBS's name for the TEE ({@code snp}, {@code tdx}, {@code cca}, ...)
 * @param extraParams the {@code extra-params} value as a JSON tree
 */
public record KbsRequest(String version, String tee, Object extraParams) {
    /** The protocol version spoken and demanded: trustee's {@code =0.4.0}. */
    public static final String PROTOCOL_VERSION = "0.4.0";

    /** A request for {@code tee} offering every {@link HashAlgorithm}. */
    public static KbsRequest of(String tee) {
        List<Object> names = new ArrayList<>();
        for (HashAlgorithm h : HashAlgorithm.values()) {
            names.add(h.wireName());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("supported-hash-algorithms", names);
        return new KbsRequest(PROTOCOL_VERSION, tee, extra);
    }

    /** The JSON body. */
    public byte[] toJson() throws JsonException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("tee", tee);
        m.put("extra-params", extraParams);
        return Jcs.canonicalize(m);
    }

    /** Reads a request body (the KBS side). */
    public static KbsRequest parse(byte[] body) throws MalformedEvidenceException {
        try {
            Map<String, Object> m = Json.object(KbsBodies.parse(body, "Request"), "Request");
            Object extra = m.containsKey("extra-params") ? m.get("extra-params") : "";
            return new KbsRequest(Json.string(m, "version", "Request"), Json.string(m, "tee", "Request"), extra);
        } catch (JsonException e) {
            throw new MalformedEvidenceException("KBS Request: " + e.getMessage(), e);
        }
    }
}
