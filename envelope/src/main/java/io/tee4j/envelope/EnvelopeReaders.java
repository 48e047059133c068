package io.tee4j.envelope;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the envelope reader by shape: a JSON object by its member names (each format's mandatory
 * members), a CBOR map by its first byte. Content of no envelope shape is "not an envelope" (empty),
 * so the sniffer can go on to the raw formats; content of an envelope shape with a bad field is
 * malformed.
 */
final class EnvelopeReaders {
    /** Largest envelope read (a TD quote, a CC event log and base64 overhead fit many times over). */
    static final int MAX_BYTES = 4 << 20;

    private EnvelopeReaders() {
    }

    static Optional<Envelope> read(byte[] content) throws MalformedEvidenceException {
        if (content.length > MAX_BYTES) {
            return Optional.empty();
        }
        if (TsmReport.looksLikeCbor(content)) {
            return Optional.of(TsmReport.fromCbor(content));
        }
        Map<String, Object> m = jsonObject(content);
        if (m == null) {
            return Optional.empty();
        }
        Set<String> keys = m.keySet();
        if (keys.contains("attestation_report")) {
            return Optional.of(TrusteeEvidence.snp(m));
        }
        if (keys.contains("eat_profile") && keys.contains("cmw")) {
            return Optional.of(RatsdToken.read(m));
        }
        if (keys.contains("outblob") && keys.contains("provider")) {
            return Optional.of(TsmReport.fromJson(m, "$"));
        }
        if (keys.contains("quote") && m.get("quote") instanceof String) {
            return Optional.of(TrusteeEvidence.tdx(m));
        }
        if (keys.equals(Set.of("token"))) {
            return Optional.of(TrusteeEvidence.cca(m));
        }
        return Optional.empty();
    }

    /** The top-level JSON object, or null when the content is not one. */
    static Map<String, Object> jsonObject(byte[] content) {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        if (i == content.length || content[i] != '{') {
            return null;
        }
        try {
            Object v = Json.parse(content);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = v instanceof Map ? (Map<String, Object>) v : null;
            return m;
        } catch (JsonException e) {
            return null;
        }
    }

    /** A string member, or malformed. */
    static String string(Map<String, Object> m, String key, String path) throws MalformedEvidenceException {
        try {
            return Json.string(m, key, path);
        } catch (JsonException e) {
            throw new MalformedEvidenceException(e.getMessage());
        }
    }

    /** Refuses members outside {@code allowed}: a typo or a second format in one object is not silently ignored. */
    static void onlyKnown(Map<String, Object> m, Set<String> allowed, String what) throws MalformedEvidenceException {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new MalformedEvidenceException(what + " has an unknown member \"" + k + "\"");
            }
        }
    }
}
