package io.tee4j.nvgpu.abi;

import io.tee4j.core.MalformedEvidenceException;

/**
 * The evidence comes from an NVIDIA device architecture this verifier does not know (today it knows Hopper,
 * Blackwell and the LS10 NVSwitch), recognised by the report's CHIP_INFO opaque field, the names of its device
 * certificates or the evidence list's {@code arch} value. Its report and certificate shapes are unknown, so
 * nothing about it was verified; refusing by architecture says so instead of failing a later check with a
 * misleading reason. A malformed-evidence result (exit 6).
 *
 * @since 0.1
 */
public final class UnsupportedGpuArchitectureException extends MalformedEvidenceException {
    private static final long serialVersionUID = 1L;

    private final String chip;

    public UnsupportedGpuArchitectureException(String chip, String seenIn) {
        super("unknown NVIDIA device architecture '" + chip + "' (recognised by " + seenIn
                + "); tee4j verifies Hopper (GH100), Blackwell (GB100) and LS10 NVSwitch evidence");
        this.chip = chip;
    }

    /** The chip or architecture the evidence names, e.g. "GR100". */
    public String chip() {
        return chip;
    }
}
