package io.tee4j.nvgpu.collateral;

import io.tee4j.core.CollateralUnavailableException;

/**
 * The RIM (reference integrity manifest) a report needs is in none of the places looked at: not
 * among the RIMs given to the verifier, and the RIM service (or the offline cache) does not have
 * it. This is a missing-collateral result, distinct from a RIM that was found but failed its
 * signature (that is a {@link io.tee4j.core.VerificationFailedException}). NVIDIA's service has
 * lacked RIMs for new VBIOS releases before (nvtrust issues #66, #101, #151), so callers may want
 * to tell operators exactly which id is missing: {@link #rimId()}.
 *
 * @since 0.1
 */
public final class RimNotFoundException extends CollateralUnavailableException {
    private static final long serialVersionUID = 1L;

    private final String rimId;

    public RimNotFoundException(String rimId, String location, String detail, Throwable cause) {
        super("RIM " + rimId + " not found" + (detail == null || detail.isEmpty() ? "" : ": " + detail), location,
                false, cause);
        this.rimId = rimId;
    }

    /** The id of the missing RIM, e.g. {@code NV_GPU_VBIOS_1010_0200_882_96009F0001}. */
    public String rimId() {
        return rimId;
    }
}
