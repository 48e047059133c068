package io.tee4j.vtpm.azure;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.json.Json;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.verify.PcrValues;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure vTPM evidence as trustee's attestation agent sends it, read as given: version 1 and 2
 * ({@code {"version", "tpm_quote": {hex signature, message, pcrs}, "hcl_report": base64url,
 * "vcek": base64url DER | "td_quote": base64url}}) and the legacy version 0 (no version; byte
 * strings as JSON integer arrays; SNP's quote under {@code quote}, its HCL blob under
 * {@code report}, its VCEK as PEM). A bare HCL blob is accepted too, as evidence without a quote.
 *
 * <p>Reading checks structure and bounds only. Missing parts are kept missing (the verifier
 * refuses such evidence as incomplete); nothing is verified here.
 *
 * @param version the format version (0 legacy)
 * @param hcl the HCL report
 * @param tpmQuote the TPM quote, if present
 * @param vcek the VCEK certificate (DER), if present (SNP)
 * @param tdQuote the TD quote, if present (TDX)
 * @since 0.1
 */
public record AzureVtpmEvidence(int version, AzureHclReport hcl, Optional<AzureTpmQuote> tpmQuote,
        Optional<byte[]> vcek, Optional<byte[]> tdQuote) {
    /** Largest evidence accepted (v0's integer arrays take about four characters a byte). */
    public static final int MAX_SIZE = 1 << 20;
    private static final int MAX_PART = 256 * 1024;

    /** Checks presence. */
    public AzureVtpmEvidence {
        Objects.requireNonNull(hcl, "hcl");
        Objects.requireNonNull(tpmQuote, "tpmQuote");
        vcek = vcek.map(byte[]::clone);
        tdQuote = tdQuote.map(byte[]::clone);
    }

    /** Reads trustee's JSON (v0, v1, v2) or a bare HCL blob. */
    public static AzureVtpmEvidence parse(byte[] content) throws MalformedEvidenceException {
        Objects.requireNonNull(content, "content");
        if (content.length > MAX_SIZE) {
            throw new MalformedEvidenceException("Azure vTPM evidence of " + content.length + " bytes");
        }
        if (AzureHclReport.looksLikeHcl(content)) {
            return new AzureVtpmEvidence(0, AzureHclReport.parse(content), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        try {
            Map<String, Object> root = Json.object(Json.parse(content), "$");
            int version = root.containsKey("version") ? (int) Json.integer(root, "version", "$", 2) : 0;
            Object hclField = root.containsKey("hcl_report") ? root.get("hcl_report") : root.get("report");
            if (hclField == null) {
                throw new MalformedEvidenceException("Azure vTPM evidence has no hcl_report");
            }
            AzureHclReport hcl = AzureHclReport.parse(bytes(hclField, "$.hcl_report", false));
            Object quoteField = root.containsKey("tpm_quote") ? root.get("tpm_quote") : root.get("quote");
            Optional<AzureTpmQuote> quote = quoteField == null ? Optional.empty()
                    : Optional.of(quote(Json.object(quoteField, "$.tpm_quote")));
            Optional<byte[]> vcek = root.containsKey("vcek") ? Optional.of(vcek(root.get("vcek"))) : Optional.empty();
            Optional<byte[]> td = root.containsKey("td_quote")
                    ? Optional.of(bytes(root.get("td_quote"), "$.td_quote", false)) : Optional.empty();
            return new AzureVtpmEvidence(version, hcl, quote, vcek, td);
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("Azure vTPM evidence: " + e.getMessage());
        }
    }

    private static AzureTpmQuote quote(Map<String, Object> q) throws MalformedEvidenceException, Json.JsonException {
        byte[] sig = bytes(Json.member(q, "signature", "$.tpm_quote"), "$.tpm_quote.signature", true);
        byte[] message = bytes(Json.member(q, "message", "$.tpm_quote"), "$.tpm_quote.message", true);
        List<Object> pcrs = Json.array(q, "pcrs", "$.tpm_quote");
        if (pcrs.size() > PcrValues.PCR_COUNT) {
            throw new MalformedEvidenceException("$.tpm_quote.pcrs lists " + pcrs.size() + " PCRs (at most 24)");
        }
        PcrValues.Builder b = PcrValues.builder();
        for (int i = 0; i < pcrs.size(); i++) {
            b.put(TpmHash.SHA256, i, bytes(pcrs.get(i), "$.tpm_quote.pcrs[" + i + "]", true));
        }
        return new AzureTpmQuote(message, sig, b.build());
    }

    private static byte[] vcek(Object v) throws MalformedEvidenceException {
        if (v instanceof String && ((String) v).contains("-----BEGIN")) {
            try {
                return Certificates.parseOne(((String) v).getBytes(StandardCharsets.US_ASCII)).getEncoded();
            } catch (CertificateException e) {
                throw new MalformedEvidenceException("$.vcek is not a certificate: " + e.getMessage());
            }
        }
        return bytes(v, "$.vcek", false);
    }

    /** A byte string: hex or base64url (padded or not) text, or a JSON array of integers 0..255. */
    static byte[] bytes(Object v, String path, boolean hex) throws MalformedEvidenceException {
        if (v instanceof String) {
            String s = (String) v;
            if (s.length() > 2 * MAX_PART) {
                throw new MalformedEvidenceException(path + " is too long");
            }
            try {
                return hex ? HexFormat.of().parseHex(s) : Base64.getUrlDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw new MalformedEvidenceException(path + " is not " + (hex ? "hex" : "base64url") + ": "
                        + e.getMessage());
            }
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            if (list.size() > MAX_PART) {
                throw new MalformedEvidenceException(path + " is too long");
            }
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                Object x = list.get(i);
                if (!(x instanceof BigInteger) || ((BigInteger) x).signum() < 0 || ((BigInteger) x).bitLength() > 8) {
                    throw new MalformedEvidenceException(path + "[" + i + "] is not a byte");
                }
                out[i] = (byte) ((BigInteger) x).intValue();
            }
            return out;
        }
        throw new MalformedEvidenceException(path + " is neither a string nor an array of bytes");
    }

    @Override
    public Optional<byte[]> vcek() {
        return vcek.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> tdQuote() {
        return tdQuote.map(byte[]::clone);
    }
}
