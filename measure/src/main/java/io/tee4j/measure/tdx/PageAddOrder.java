package io.tee4j.measure.tdx;

/**
 * The order in which the VMM adds and measures TDVF pages, which changes MRTD.
 *
 * @since 0.1
 */
public enum PageAddOrder {
    /**
     * Per page: TDH.MEM.PAGE.ADD, then its sixteen TDH.MR.EXTENDs. Upstream KVM/QEMU 9 and later
     * (KVM_TDX_INIT_MEM_REGION with the measure flag), td-shim's tools.
     */
    SINGLE_PASS,
    /** Per section: every page's TDH.MEM.PAGE.ADD first, then every TDH.MR.EXTEND. QEMU 8.x TDX patches. */
    TWO_PASS
}
