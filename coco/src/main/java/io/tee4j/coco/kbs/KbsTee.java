package io.tee4j.coco.kbs;

import io.tee4j.core.TeeType;
import java.util.Arrays;

/**
 * The KBS's names for tee4j's TEEs (kbs-types {@code Tee}): {@code snp}, {@code tdx}, {@code cca},
 * {@code nvidia}, {@code az-snp-vtpm}, {@code az-tdx-vtpm}, {@code se}; a TEE without a kbs-types name is
 * sent under its tee4j id.
 */
public final class KbsTee {
    private KbsTee() {
    }

    /** The {@code tee} value of an RCAR request for {@code type}. */
    public static String name(TeeType type) {
        switch (type) {
            case SEV_SNP:
                return "snp";
            case TDX:
                return "tdx";
            case CCA:
                return "cca";
            case NVIDIA_GPU:
                return "nvidia";
            case AZURE_SNP_VTPM:
                return "az-snp-vtpm";
            case AZURE_TDX_VTPM:
                return "az-tdx-vtpm";
            case IBM_SE:
                return "se";
            default:
                return type.id();
        }
    }

    /** The TEE a request names, or null when tee4j has no backend for it. */
    public static TeeType fromName(String name) {
        for (TeeType t : TeeType.values()) {
            if (name(t).equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The report data the attester of {@code type} binds for a runtime-data {@code digest}, as the
     * attestation agent passes it and trustee's verifier compares it: the Azure vTPMs put the digest
     * itself (48 bytes for SHA-384) into the TPM quote's {@code extraData}, compared exactly
     * ({@code az_snp_vtpm::verify_tpm_nonce}); the others carry it zero-padded to
     * {@link #reportDataBytes}.
     */
    public static byte[] reportData(TeeType type, byte[] digest) {
        if (type == TeeType.AZURE_SNP_VTPM || type == TeeType.AZURE_TDX_VTPM) {
            return digest.clone();
        }
        return Arrays.copyOf(digest, reportDataBytes(type));
    }

    /** The report-data length the evidence of {@code type} carries (NVIDIA: 32, else 64). */
    public static int reportDataBytes(TeeType type) {
        return type == TeeType.NVIDIA_GPU ? 32 : RuntimeData.REPORT_DATA_BYTES;
    }
}
