package io.tee4j.envelope;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The vTPM evidence shapes the sniffer names but does not unwrap (their backends own them): trustee's
 * az-snp-vtpm JSON (v0 {@code {quote, report, vcek}}, v1/v2 {@code {version, tpm_quote, hcl_report,
 * vcek}}), az-tdx-vtpm JSON ({@code {tpm_quote, hcl_report, td_quote}}), trustee's generic TPM JSON
 * ({@code {ak_public, tpm_quote}}) and the go-tpm-tools {@code Attestation} protobuf of GCE (field 1,
 * the AK's TPMT_PUBLIC, first: type RSA or ECC, name algorithm SHA-256).
 */
final class VtpmShapes {
    /** A recognised shape. */
    record Shape(String format, String teeId) {
    }

    private VtpmShapes() {
    }

    static String names() {
        return "the vTPM shapes (trustee az-snp-vtpm, az-tdx-vtpm and tpm JSON, go-tpm-tools attestation)";
    }

    static Optional<Shape> recognise(byte[] content) {
        Map<String, Object> m = EnvelopeReaders.jsonObject(content);
        if (m != null) {
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
