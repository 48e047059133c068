package io.tee4j.envelope;

import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evidence shapes the sniffer names but does not unwrap, because their backends own them. NVIDIA:
 * the evidence list of NVIDIA's SDKs ({@code [{"arch", "evidence", "certificate", "nonce"?}]}) and
 * trustee's {@code {"device_evidence_list": [...]}}, read by the nvidia-gpu backend. vTPM: trustee's
 * az-snp-vtpm JSON (v0 {@code {quote, report, vcek}}, v1/v2 {@code {version, tpm_quote, hcl_report,
 * vcek}}), az-tdx-vtpm JSON ({@code {tpm_quote, hcl_report, td_quote}}), trustee's generic TPM JSON
 * ({@code {ak_public, tpm_quote}}) and the go-tpm-tools {@code Attestation} protobuf of GCE (field 1,
 * the AK's TPMT_PUBLIC, first: type RSA or ECC, name algorithm SHA-256).
 */
final class ForeignShapes {
    /** A recognised shape. */
    record Shape(String format, String teeId) {
    }

    private ForeignShapes() {
    }

    static String names() {
        return "the shapes other backends own (NVIDIA evidence lists; trustee az-snp-vtpm, az-tdx-vtpm and tpm "
                + "JSON; the go-tpm-tools attestation)";
    }

    static Optional<Shape> recognise(byte[] content) {
        if (nvidiaList(content)) {
            return Optional.of(new Shape("NVIDIA evidence list (JSON)", "nvidia-gpu"));
        }
        Map<String, Object> m = EnvelopeReaders.jsonObject(content);
        if (m != null) {
            if (m.containsKey("device_evidence_list")) {
                return Optional.of(new Shape("trustee NVIDIA device evidence JSON", "nvidia-gpu"));
            }
            return json(m.keySet());
        }
        return gceProtobuf(content) ? Optional.of(new Shape("go-tpm-tools attestation (GCE vTPM, protobuf)",
                "gcp-vtpm")) : Optional.empty();
    }

    private static Optional<Shape> json(Set<String> k) {
        if (k.contains("hcl_report") && k.contains("td_quote")) {
            return Optional.of(new Shape("trustee az-tdx-vtpm evidence JSON", "azure-tdx-vtpm"));
        }
        if (k.contains("hcl_report") || k.containsAll(Set.of("quote", "report", "vcek"))) {
            return Optional.of(new Shape("trustee az-snp-vtpm evidence JSON", "azure-snp-vtpm"));
        }
        if (k.contains("ak_public") && k.contains("tpm_quote")) {
            return Optional.of(new Shape("trustee TPM evidence JSON", "tpm"));
        }
        return Optional.empty();
    }

    /** A JSON array whose first element is an object with "arch" and "evidence". */
    private static boolean nvidiaList(byte[] content) {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        if (i == content.length || content[i] != '[') {
            return false;
        }
        try {
            Object v = Json.parse(content);
            return v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> first
                    && first.containsKey("arch") && first.containsKey("evidence");
        } catch (JsonException e) {
            return false;
        }
    }

    /** Field 1 (tag 0x0A), a varint length, then TPMT_PUBLIC: type 0x0001/0x0023, nameAlg 0x000B. */
    private static boolean gceProtobuf(byte[] c) {
        if (c.length < 8 || c[0] != 0x0A) {
            return false;
        }
        int p = 1;
        while (p < 6 && (c[p] & 0x80) != 0) {
            p++;
        }
        p++;
        return p + 4 <= c.length && c[p] == 0 && (c[p + 1] == 0x01 || c[p + 1] == 0x23) && c[p + 2] == 0
                && c[p + 3] == 0x0B;
    }
}
