package io.tee4j.coco.kbs;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.envelope.Envelope;
import io.tee4j.envelope.TrusteeEvidenceJson;
import java.util.Map;

/**
 * How tee4j {@link Evidence} travels as an RCAR {@code primary_evidence}: exactly as the Confidential
 * Containers attestation agent sends it and trustee's verifiers parse it
 * ({@link TrusteeEvidenceJson}): SNP {@code {"attestation_report": <sev crate serde>, "cert_chain"}},
 * TDX {@code {"cc_eventlog", "quote"}}, CCA {@code {"token": [bytes]}}, Azure SNP and TDX vTPM
 * {@code {"version", "tpm_quote", "hcl_report", "vcek" | "td_quote"}}, IBM SE trustee's
 * {@code SeAttestationResponse}. These six are the TEEs a KBS client here can attest with (NVIDIA is refused).
 *
 * <p>Decoding reads the shape of the TEE the session named (never the TEE the evidence claims) and
 * returns the {@link Envelope}: verify its evidence, then its bindings (a legacy TDX
 * {@code aa_eventlog} must replay to RTMR3). Verifying is the KBS's job.
 */
public final class EvidenceJson {
    private EvidenceJson() {
    }

    /** Whether a KBS client can send {@code tee}'s evidence (SEV-SNP, TDX, CCA, Azure SNP/TDX vTPM, IBM SE). */
    public static boolean supports(TeeType tee) {
        return TrusteeEvidenceJson.supports(tee);
    }

    /** The JSON tree for {@code evidence}, in trustee's shape for its TEE. */
    public static Map<String, Object> encode(Evidence evidence) throws MalformedEvidenceException {
        return TrusteeEvidenceJson.tree(evidence);
    }

    /** The evidence of a session for {@code tee} in a {@code primary_evidence} tree. */
    public static Envelope decode(Object tree, TeeType tee) throws MalformedEvidenceException {
        return TrusteeEvidenceJson.read(tree, tee);
    }
}
