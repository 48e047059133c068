package io.tee4j.coco.kbs;

import io.tee4j.core.TeeType;

/**
 * The KBS's names for tee4j's TEEs (kbs-types {@code Tee}): {@code snp}, {@code tdx}, {@code cca},
 * {@code nvidia}; a TEE without a kbs-types name is sent under its tee4j id.
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

    /** The report-data length the evidence of {@code type} carries (NVIDIA: 32, else 64). */
    public static int reportDataBytes(TeeType type) {
        return type == TeeType.NVIDIA_GPU ? 32 : RuntimeData.REPORT_DATA_BYTES;
    }
}
