package io.tee4j.nvgpu.validate;

/**
 * What the comparison of the report's measurements with NVIDIA's reference values (RIMs) found,
 * as nvtrust's {@code measres} claim says it.
 *
 * @since 0.1
 */
public enum MeasurementResult {
    /** Every active RIM measurement matched one of its alternatives. */
    SUCCESS("success"),
    /**
     * No comparison was made: the RIMs were not available and the policy allowed that by name
     * ({@link NvGpuPolicy.Builder#allowUnappraisedMeasurements(boolean)}). The GPU firmware is then
     * unknown: nothing says it is production firmware with debugging disabled.
     */
    NOT_APPRAISED("not-appraised");

    private final String claim;

    MeasurementResult(String claim) {
        this.claim = claim;
    }

    /** The claim value ({@code "success"} or {@code "not-appraised"}). */
    public String claimValue() {
        return claim;
    }
}
