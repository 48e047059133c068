package io.tee4j.envelope;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Azure vTPM evidence as the attestation agent sends it to trustee (guest-components
 * {@code attester/src/az_{snp,tdx}_vtpm}; read by trustee {@code deps/verifier/src/az_{snp,tdx}_vtpm/compat.rs}).
 * tee4j's own {@code azure-snp-vtpm} and {@code azure-tdx-vtpm} evidence already IS that JSON (the vtpm
 * backend reads trustee's versions), so writing and reading only check its shape and carry it as is:
 *
 * <ul>
 *   <li>v1/v2: {@code {"version": 1|2, "tpm_quote": {"signature": hex, "message": hex (TPMS_ATTEST),
 *       "pcrs": [hex x 24]}, "hcl_report": base64url, "vcek" (SNP, DER) | "td_quote" (TDX): base64url}};</li>
 *   <li>v0, as trustee still accepts it: SNP {@code {"quote", "report", "vcek" (PEM)}}, TDX
 *       {@code {"tpm_quote", "hcl_report", "td_quote"}} (integer arrays).</li>
 * </ul>
 *
 * <p>A bare HCL blob (no TPM quote) has no trustee shape and is refused, as are certificates or an
 * auxiliary blob beside the JSON and members trustee's structs do not name. Nothing is verified:
 * the runtime-data binding is the TPM quote's {@code extraData}, which the verifier compares with
 * the runtime-data digest (not zero-padded), and the vtpm backend checks everything else.
 */
final class TrusteeVtpmEvidence {
    private static final Set<String> SNP_V1 = Set.of("version", "tpm_quote", "hcl_report", "vcek");
    private static final Set<String> SNP_V0 = Set.of("quote", "report", "vcek");
    private static final Set<String> TDX_V1 = Set.of("version", "tpm_quote", "hcl_report", "td_quote");
    private static final Set<String> TDX_V0 = Set.of("tpm_quote", "hcl_report", "td_quote");

    private TrusteeVtpmEvidence() {
    }

    /** The JSON tree of {@code e} (Azure SNP or TDX vTPM evidence), checked against trustee's shape. */
    static Map<String, Object> tree(Evidence e) throws MalformedEvidenceException {
        if (!e.certificates().isEmpty() || e.auxBlob().isPresent()) {
            throw new MalformedEvidenceException("trustee's " + e.type().id() + " evidence is the JSON alone: it has "
                    + "no place for certificates or an auxiliary blob beside it");
        }
        Object tree;
        try {
            tree = Json.parse(e.raw());
        } catch (JsonException ex) {
            throw new MalformedEvidenceException(e.type().id() + " evidence is not trustee's JSON (a bare HCL report "
                    + "has no TPM quote, which trustee requires): " + ex.getMessage());
        }
        Map<String, Object> m = checked(tree, e.type());
        serde(m);
        return m;
    }

    /** Reads a {@code primary_evidence} tree of a session for {@code tee}. */
    static Envelope read(Map<String, Object> m, TeeType tee) throws MalformedEvidenceException {
        checked(m, tee);
        EnvelopeFormat format = tee == TeeType.AZURE_SNP_VTPM ? EnvelopeFormat.TRUSTEE_AZ_SNP_VTPM
                : EnvelopeFormat.TRUSTEE_AZ_TDX_VTPM;
        Object version = m.getOrDefault("version", BigInteger.ZERO);
        return new Envelope(format, Evidence.of(tee, serde(m)), List.of(), Map.of("version", version));
    }

    private static Map<String, Object> checked(Object tree, TeeType tee) throws MalformedEvidenceException {
        String what = "trustee " + tee.id() + " evidence";
        if (!(tree instanceof Map<?, ?>)) {
            throw new MalformedEvidenceException(what + ": expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) tree;
        boolean snp = tee == TeeType.AZURE_SNP_VTPM;
        if (!m.containsKey("version")) {
            requireExactly(m, snp ? SNP_V0 : TDX_V0, what + " v0");
            return m;
        }
        Object v = m.get("version");
        if (!(v instanceof BigInteger n) || n.signum() <= 0 || n.compareTo(BigInteger.TWO) > 0) {
            throw new MalformedEvidenceException("$.version: trustee reads versions 1 and 2 (0 has no version member)");
        }
        requireExactly(m, snp ? SNP_V1 : TDX_V1, what + " v" + n);
        tpmQuote(m.get("tpm_quote"));
        for (String k : List.of("hcl_report", snp ? "vcek" : "td_quote")) {
            Base64Text.decode(EnvelopeReaders.string(m, k, "$"), "$." + k);
        }
        return m;
    }

    /** serde_json's text of {@code m}; a fraction (which trustee's integer fields never hold) is malformed. */
    private static byte[] serde(Map<String, Object> m) throws MalformedEvidenceException {
        try {
            return SerdeJson.write(m);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("trustee vTPM evidence holds a value serde_json would not write back: "
                    + e.getMessage());
        }
    }

    private static void tpmQuote(Object q) throws MalformedEvidenceException {
        if (!(q instanceof Map<?, ?>)) {
            throw new MalformedEvidenceException("$.tpm_quote: expected an object {signature, message, pcrs}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) q;
        requireExactly(m, Set.of("signature", "message", "pcrs"), "$.tpm_quote");
        hex(m.get("signature"), "$.tpm_quote.signature");
        hex(m.get("message"), "$.tpm_quote.message");
        if (!(m.get("pcrs") instanceof List<?> pcrs)) {
            throw new MalformedEvidenceException("$.tpm_quote.pcrs: expected an array of hex strings");
        }
        for (int i = 0; i < pcrs.size(); i++) {
            hex(pcrs.get(i), "$.tpm_quote.pcrs[" + i + "]");
        }
    }

    private static void hex(Object v, String path) throws MalformedEvidenceException {
        if (!(v instanceof String s) || s.length() % 2 != 0 || !s.chars().allMatch(TrusteeVtpmEvidence::isHexDigit)) {
            throw new MalformedEvidenceException(path + ": expected an even-length hex string");
        }
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static void requireExactly(Map<String, Object> m, Set<String> keys, String what)
            throws MalformedEvidenceException {
        EnvelopeReaders.onlyKnown(m, keys, what);
        for (String k : keys) {
            if (!m.containsKey(k)) {
                throw new MalformedEvidenceException(what + ": missing member \"" + k + "\"");
            }
        }
    }
}
