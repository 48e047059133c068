package io.tee4j.core;

import java.util.Locale;

/**
 * The trusted execution environments tee4j knows. The {@linkplain #id() id} is the stable
 * lower-case name used on the command line, in policy files and in JSON output.
 *
 * @since 0.1
 */
public enum TeeType {
    /** AMD SEV-SNP confidential VMs (Milan, Genoa, Turin). */
    SEV_SNP("sev-snp"),
    /** Intel TDX trust domains (TDX 1.0 and 1.5). */
    TDX("tdx"),
    /** Arm Confidential Compute Architecture realms. */
    CCA("cca"),
    /** NVIDIA Hopper GPUs in confidential-computing mode. */
    NVIDIA_GPU("nvidia-gpu"),
    /** Azure confidential VMs on SEV-SNP: HCL report, vTPM quote and the SNP report inside. */
    AZURE_SNP_VTPM("azure-snp-vtpm"),
    /** Azure confidential VMs on TDX: HCL report with the TDREPORT, vTPM quote and the TD quote. */
    AZURE_TDX_VTPM("azure-tdx-vtpm"),
    /** Google Compute Engine vTPM attestations (go-tpm-tools), with an SEV-SNP or TDX report where present. */
    GCP_VTPM("gcp-vtpm"),
    /**
     * A Confidential Containers pod: evidence from the attestation agent's REST API on
     * 127.0.0.1:8006 (trustee's JSON for the pod's own TEE), not a TEE of its own.
     */
    COCO_AA("coco-aa"),
    /** IBM Secure Execution guests on IBM Z and LinuxONE. */
    IBM_SE("ibm-se");

    private final String id;

    TeeType(String id) {
        this.id = id;
    }

    /** The stable lower-case name, e.g. {@code "sev-snp"}. */
    public String id() {
        return id;
    }

    /**
     * Looks a type up by its {@linkplain #id() id} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known ids when {@code id} is none of them
     */
    public static TeeType fromId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        for (TeeType type : values()) {
            if (type.id.equals(wanted)) {
                return type;
            }
        }
        StringBuilder known = new StringBuilder();
        for (TeeType type : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(type.id);
        }
        throw new IllegalArgumentException("unknown TEE '" + id + "'; known: " + known);
    }

    @Override
    public String toString() {
        return id;
    }
}
