package io.tee4j.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configfs-tsm report as Veraison carries it (ratsd {@code tokens/tsm-report.go},
 * {@code docs/tsm-report.cddl}): {@code outblob} (the TEE's report), {@code auxblob} (for
 * {@code sev_guest}, the GHCB certificate table with the VCEK/VLEK, ASK and ARK), {@code provider}
 * (the configfs provider), and optionally {@code manifestblob} with {@code service_provider}. In JSON
 * the blobs are base64url (unpadded; standard base64 from older ratsd is accepted too); in CBOR a map
 * with the same text keys and byte-string blobs.
 *
 * <p>The provider names the TEE: {@code sev_guest} (the auxblob becomes the evidence's certificate
 * table), {@code tdx_guest} and {@code arm_cca_guest} (no auxblob allowed: the TDX verifier would read
 * one as an event log). The tsm report binds nothing by itself; a ratsd token around it does.
 */
final class TsmReport {
    private static final Set<String> KEYS = Set.of("outblob", "auxblob", "provider", "manifestblob",
            "service_provider");
    private static final Map<String, TeeType> PROVIDERS = Map.of("sev_guest", TeeType.SEV_SNP,
            "tdx_guest", TeeType.TDX, "arm_cca_guest", TeeType.CCA);
    private static final CBORFactory CBOR = CBORFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private TsmReport() {
    }

    /** A CBOR map (major type 5) whose first key is one of the tsm-report's text keys. */
    static boolean looksLikeCbor(byte[] c) {
        if (c.length < 2 || (c[0] & 0xE0) != 0xA0) {
            return false;
        }
        int keyStart = (c[1] & 0xE0) == 0x60 ? 2 : -1;
        int keyLen = c[1] & 0x1F;
        return keyStart > 0 && keyLen < 24 && c.length >= keyStart + keyLen
                && KEYS.contains(new String(c, keyStart, keyLen, java.nio.charset.StandardCharsets.US_ASCII));
    }

    static Envelope fromJson(Map<String, Object> m, String path) throws MalformedEvidenceException {
        EnvelopeReaders.onlyKnown(m, KEYS, "tsm-report");
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new MalformedEvidenceException(path + "." + e.getKey() + ": expected a string");
            }
            boolean blob = e.getKey().endsWith("blob");
            values.put(e.getKey(), blob ? Base64Text.decode(s, path + "." + e.getKey()) : s);
        }
        return build(values, EnvelopeFormat.TSM_REPORT_JSON, path);
    }

    static Envelope fromCbor(byte[] content) throws MalformedEvidenceException {
        Map<String, Object> values = new LinkedHashMap<>();
        try (JsonParser p = CBOR.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEvidenceException("tsm-report CBOR is not a map");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!KEYS.contains(key)) {
                    throw new MalformedEvidenceException("tsm-report has an unknown member \"" + key + "\"");
                }
                JsonToken v = p.nextToken();
                boolean blob = key.endsWith("blob");
                if (blob && v == JsonToken.VALUE_EMBEDDED_OBJECT) {
                    values.put(key, p.getBinaryValue());
                } else if (!blob && v == JsonToken.VALUE_STRING) {
                    values.put(key, p.getText());
                } else {
                    throw new MalformedEvidenceException("tsm-report member \"" + key + "\" must be a "
                            + (blob ? "byte string" : "text string"));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedEvidenceException("tsm-report CBOR has content after its map");
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedEvidenceException("tsm-report CBOR is malformed: " + e.getMessage());
        }
        return build(values, EnvelopeFormat.TSM_REPORT_CBOR, "$");
    }

    private static Envelope build(Map<String, Object> v, EnvelopeFormat format, String path)
            throws MalformedEvidenceException {
        byte[] out = (byte[]) v.get("outblob");
        String provider = (String) v.get("provider");
        if (out == null || out.length == 0) {
            throw new MalformedEvidenceException(path + ".outblob: missing or empty");
        }
        if (provider == null || provider.isEmpty()) {
            throw new MalformedEvidenceException(path + ".provider: missing or empty");
        }
        if (v.containsKey("manifestblob") && !(v.get("service_provider") instanceof String sp && !sp.isEmpty())) {
            throw new MalformedEvidenceException(path + ".manifestblob without a service_provider");
        }
        TeeType tee = PROVIDERS.get(provider);
        if (tee == null) {
            throw new MalformedEvidenceException(path + ".provider: unknown configfs-tsm provider '" + provider
                    + "' (known: sev_guest, tdx_guest, arm_cca_guest)");
        }
        Evidence.Builder ev = Evidence.builder(tee, out);
        byte[] aux = (byte[]) v.get("auxblob");
        if (aux != null && aux.length > 0) {
            if (tee != TeeType.SEV_SNP) {
                throw new MalformedEvidenceException(path + ".auxblob: " + provider + " reports carry none");
            }
            ev.auxBlob(aux);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        if (aux != null) {
            details.put("auxblobBytes", aux.length);
        }
        if (v.get("service_provider") != null) {
            details.put("serviceProvider", v.get("service_provider"));
        }
        return new Envelope(format, ev.build(), List.of(), details);
    }
}
