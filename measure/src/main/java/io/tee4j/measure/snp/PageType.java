package io.tee4j.measure.snp;

/**
 * SNP_LAUNCH_UPDATE page types (AMD SEV-SNP firmware ABI, PAGE_INFO.PAGE_TYPE), with whether the
 * page's contents enter the launch digest: only NORMAL and VMSA pages contribute their SHA-384;
 * the others contribute 48 zero bytes, even SECRETS and CPUID pages, which the firmware fills or
 * checks itself.
 *
 * @since 0.1
 */
public enum PageType {
    NORMAL(1, true),
    VMSA(2, true),
    ZERO(3, false),
    UNMEASURED(4, false),
    SECRETS(5, false),
    CPUID(6, false);

    private final int code;
    private final boolean contentsMeasured;

    PageType(int code, boolean contentsMeasured) {
        this.code = code;
        this.contentsMeasured = contentsMeasured;
    }

    /** The PAGE_TYPE byte. */
    public int code() {
        return code;
    }

    /** True when PAGE_INFO.CONTENTS is the page's SHA-384, false when it is zero. */
    public boolean contentsMeasured() {
        return contentsMeasured;
    }
}
