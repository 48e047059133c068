package io.tee4j.envelope;

/**
 * The envelope formats tee4j unwraps, each with a stable id (used in the command line's output) and
 * the name of the reference that defines it.
 *
 * @since 0.1
 */
public enum EnvelopeFormat {
    /** trustee / attestation-agent SNP evidence: {@code {"attestation_report": sev serde, "cert_chain"?}}. */
    TRUSTEE_SNP("trustee-snp", "Confidential Containers (trustee) SNP evidence JSON"),
    /** trustee / attestation-agent TDX evidence: {@code {"quote", "cc_eventlog"?, "aa_eventlog"?}}. */
    TRUSTEE_TDX("trustee-tdx", "Confidential Containers (trustee) TDX evidence JSON"),
    /** trustee / attestation-agent CCA evidence: {@code {"token": [bytes]}}. */
    TRUSTEE_CCA("trustee-cca", "Confidential Containers (trustee) CCA evidence JSON"),
    /** trustee / attestation-agent az-snp-vtpm evidence: {@code {"version", "tpm_quote", "hcl_report", "vcek"}}. */
    TRUSTEE_AZ_SNP_VTPM("trustee-az-snp-vtpm", "Confidential Containers (trustee) Azure SNP vTPM evidence JSON"),
    /** trustee / attestation-agent az-tdx-vtpm evidence: {@code {"version", "tpm_quote", "hcl_report", "td_quote"}}. */
    TRUSTEE_AZ_TDX_VTPM("trustee-az-tdx-vtpm", "Confidential Containers (trustee) Azure TDX vTPM evidence JSON"),
    /** trustee / attestation-agent se evidence: {@code SeAttestationResponse}, seven base64 members. */
    TRUSTEE_SE("trustee-se", "Confidential Containers (trustee) IBM SE evidence JSON"),
    /** Veraison {@code application/vnd.veraison.tsm-report+json}. */
    TSM_REPORT_JSON("tsm-report+json", "Veraison configfs-tsm report (JSON)"),
    /** Veraison {@code application/vnd.veraison.tsm-report+cbor}. */
    TSM_REPORT_CBOR("tsm-report+cbor", "Veraison configfs-tsm report (CBOR)"),
    /** ratsd's JSON EAT ({@code eat_profile tag:github.com,2024:veraison/ratsd}) carrying a CMW collection. */
    RATSD_CMW("ratsd-cmw", "Veraison ratsd token with a CMW collection");

    private final String id;
    private final String title;

    EnvelopeFormat(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The stable id, e.g. {@code tsm-report+json}. */
    public String id() {
        return id;
    }

    /** A human description, e.g. "Veraison configfs-tsm report (JSON)". */
    public String title() {
        return title;
    }
}
