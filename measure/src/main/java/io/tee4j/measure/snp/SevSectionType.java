package io.tee4j.measure.snp;

import java.util.Optional;

/**
 * The section types of OVMF's SEV metadata ({@code OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm})
 * and how an SNP launch measures each.
 *
 * @since 0.1
 */
public enum SevSectionType {
    /** Pre-validated memory the SEC phase uses: ZERO pages (UNMEASURED on GCE). */
    SNP_SEC_MEMORY(1),
    /** The SNP secrets page: one SECRETS page. */
    SNP_SECRETS(2),
    /** The CPUID page: one CPUID page (EC2 measures these after every other section). */
    CPUID(3),
    /** The SVSM calling-area page: ZERO pages. */
    SVSM_CAA(4),
    /** The page holding the SEV hashes table: a NORMAL page when a kernel is given, else ZERO pages. */
    SNP_KERNEL_HASHES(0x10);

    private final int code;

    SevSectionType(int code) {
        this.code = code;
    }

    /** The type's value in the metadata. */
    public int code() {
        return code;
    }

    /** The type with this value, if it is one. */
    public static Optional<SevSectionType> fromCode(long code) {
        for (SevSectionType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
