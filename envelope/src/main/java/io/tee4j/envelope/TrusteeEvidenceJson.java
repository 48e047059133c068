package io.tee4j.envelope;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * tee4j {@link Evidence} written as the Confidential Containers attestation agent sends it to trustee
 * (the {@code primary_evidence} of an RCAR attestation; guest-components {@code attester/src/<tee>},
 * read by trustee {@code deps/verifier/src/<tee>}), and read back by the TEE a KBS session names:
 *
 * <ul>
 *   <li>SEV-SNP: {@code {"attestation_report": <the sev crate's serde of the report>, "cert_chain":
 *       [{"cert_type", "data"}] or null}}; the chain is the evidence's GHCB certificate table, then its
 *       loose certificates typed by their AMD subject names;</li>
 *   <li>TDX: {@code {"cc_eventlog": base64 or null, "quote": base64}}, the event log from the
 *       evidence's auxiliary blob;</li>
 *   <li>CCA: {@code {"token": [bytes]}};</li>
 *   <li>Azure SNP and TDX vTPM ({@code az-snp-vtpm}, {@code az-tdx-vtpm}): {@code {"version", "tpm_quote":
 *       {"signature", "message", "pcrs"}, "hcl_report", "vcek" | "td_quote"}}, which tee4j's vTPM evidence
 *       already is ({@link TrusteeVtpmEvidence});</li>
 *   <li>IBM SE ({@code se}): trustee's {@code SeAttestationResponse} ({@link TrusteeSeEvidence}).</li>
 * </ul>
 *
 * <p>Written as serde_json writes it ({@link SerdeJson}): field order, compact. Evidence with parts
 * trustee's shape cannot carry (certificates beside a TD quote or CCA token, an auxiliary blob beside
 * a CCA token), and other TEEs, are refused: nothing is dropped silently. Nothing is verified, in
 * either direction; reading gives an {@link Envelope} whose evidence and bindings the caller verifies.
 *
 * @since 0.1
 */
public final class TrusteeEvidenceJson {
    private TrusteeEvidenceJson() {
    }

    /** Whether {@code tee}'s evidence has a trustee shape here (SEV-SNP, TDX, CCA, Azure SNP and TDX vTPM, IBM SE). */
    public static boolean supports(TeeType tee) {
        return tee == TeeType.SEV_SNP || tee == TeeType.TDX || tee == TeeType.CCA || isAzureVtpm(tee)
                || tee == TeeType.IBM_SE;
    }

    private static boolean isAzureVtpm(TeeType tee) {
        return tee == TeeType.AZURE_SNP_VTPM || tee == TeeType.AZURE_TDX_VTPM;
    }

    /** The JSON tree of {@code evidence} in trustee's shape, members in serde's order. */
    public static Map<String, Object> tree(Evidence evidence) throws MalformedEvidenceException {
        switch (evidence.type()) {
            case SEV_SNP:
                return snp(evidence);
            case TDX:
                return tdx(evidence);
            case CCA:
                return cca(evidence);
            case AZURE_SNP_VTPM:
            case AZURE_TDX_VTPM:
                return TrusteeVtpmEvidence.tree(evidence);
            case IBM_SE:
                return TrusteeSeEvidence.tree(evidence);
            default:
                throw new MalformedEvidenceException(evidence.type().id() + " evidence has no trustee evidence shape "
                        + "in tee4j (SEV-SNP, TDX, CCA, Azure SNP and TDX vTPM have)");
        }
    }

    /** {@link #tree} as serde_json's compact text. */
    public static byte[] write(Evidence evidence) throws MalformedEvidenceException {
        return SerdeJson.write(tree(evidence));
    }

    /**
     * Reads trustee evidence for a session of {@code tee} (the TEE comes from the session, as in
     * trustee, never from the evidence's shape).
     *
     * @param tree a parsed {@code primary_evidence} ({@link io.tee4j.json.Json#parse})
     * @throws MalformedEvidenceException not {@code tee}'s shape, or a bad field
     */
    public static Envelope read(Object tree, TeeType tee) throws MalformedEvidenceException {
        if (!(tree instanceof Map<?, ?>)) {
            throw new MalformedEvidenceException("trustee " + tee.id() + " evidence: expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) tree;
        switch (tee) {
            case SEV_SNP:
                return TrusteeEvidence.snp(m);
            case TDX:
                return TrusteeEvidence.tdx(m);
            case CCA:
                return TrusteeEvidence.cca(m);
            case AZURE_SNP_VTPM:
            case AZURE_TDX_VTPM:
                return TrusteeVtpmEvidence.read(m, tee);
            case IBM_SE:
                return TrusteeSeEvidence.read(m);
            default:
                throw new MalformedEvidenceException("no trustee evidence reader for " + tee.id());
        }
    }

    private static Map<String, Object> snp(Evidence e) throws MalformedEvidenceException {
        CertTable chain = CertTable.ofCertificates(List.of());
        Optional<byte[]> aux = e.auxBlob();
        if (aux.isPresent() && aux.get().length > 0) {
            chain = CertTable.fromGhcb(aux.get());
        }
        chain = chain.plus(CertTable.ofCertificates(e.certificates()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attestation_report", SevSerdeWriter.tree(e.raw()));
        m.put("cert_chain", chain.isEmpty() ? null : chain.toSerde());
        return m;
    }

    private static Map<String, Object> tdx(Evidence e) throws MalformedEvidenceException {
        refuseCertificates(e);
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cc_eventlog", e.auxBlob().filter(a -> a.length > 0).map(b64::encodeToString).orElse(null));
        m.put("quote", b64.encodeToString(e.raw()));
        return m;
    }

    private static Map<String, Object> cca(Evidence e) throws MalformedEvidenceException {
        refuseCertificates(e);
        if (e.auxBlob().isPresent()) {
            throw new MalformedEvidenceException("trustee's CCA evidence carries the token alone, not an auxiliary blob");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", SevSerdeWriter.byteArray(e.raw(), 0, e.raw().length));
        return m;
    }

    private static void refuseCertificates(Evidence e) throws MalformedEvidenceException {
        if (!e.certificates().isEmpty()) {
            throw new MalformedEvidenceException("trustee's " + e.type().id() + " evidence has no place for the "
                    + e.certificates().size() + " certificates beside the " + e.type().id() + " evidence");
        }
    }
}
