package io.tee4j.nvgpu.validate;

import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import java.util.Collection;
import java.util.List;

/**
 * The report is authentic and its RIMs are authentic, but measurements differ from every
 * reference alternative (nvtrust's {@code measres = fail}). {@link #mismatchedIndices()} lists
 * the differing RIM indices (0-based; report block index minus one); {@link #violations()} lists
 * every failed check, including any other policy failure found in the same run.
 *
 * @since 0.1
 */
public final class MeasurementMismatchException extends PolicyViolationException {
    private static final long serialVersionUID = 1L;

    private final List<Integer> mismatchedIndices;

    public MeasurementMismatchException(List<String> violations, List<Integer> mismatchedIndices) {
        super(violations);
        this.mismatchedIndices = List.copyOf(mismatchedIndices);
    }

    /** Typed violations (each with its rule id) and the RIM indices that matched no reference value. */
    public MeasurementMismatchException(Collection<PolicyViolation> violations, List<Integer> mismatchedIndices) {
        super(violations);
        this.mismatchedIndices = List.copyOf(mismatchedIndices);
    }

    /** The RIM measurement indices whose runtime value matched no alternative, ascending. */
    public List<Integer> mismatchedIndices() {
        return mismatchedIndices;
    }
}
