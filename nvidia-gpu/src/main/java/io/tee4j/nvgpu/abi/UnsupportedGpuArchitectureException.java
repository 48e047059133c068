package io.tee4j.nvgpu.abi;

import io.tee4j.core.MalformedEvidenceException;

/**
 * The report comes from a GPU architecture this verifier does not support yet (today: Blackwell,
 * e.g. GB100), recognised by the report's CHIP_INFO opaque field or by the names of its device
 * certificates. Its report and certificate shapes differ from Hopper's, so nothing about it was
 * verified; refusing by architecture says so instead of failing a later check with a misleading
 * reason. A malformed-evidence result (exit 6).
 *
 * @since 0.1
 */
public final class UnsupportedGpuArchitectureException extends MalformedEvidenceException {
    private static final long serialVersionUID = 1L;

    private final String chip;

    public UnsupportedGpuArchitectureException(String chip, String seenIn) {
        super("Blackwell (" + chip + ") is not supported yet (recognised by " + seenIn
                + "); tee4j verifies Hopper (GH100) GPUs");
        this.chip = chip;
    }

    /** The chip the evidence names, e.g. "GB100". */
    public String chip() {
        return chip;
    }
}
