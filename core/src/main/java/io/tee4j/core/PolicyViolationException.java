package io.tee4j.core;

import java.util.List;
import java.util.Optional;

/**
 * The evidence is authentic but does not satisfy the policy. {@link #violations()} lists every
 * failed check, not just the first, so one run tells an operator everything to fix.
 *
 * <p>When the appraisal failed on the platform's TCB status rather than on a rule the caller
 * wrote (Intel's "TCB not supported": every signature is valid but no TCB level of the vendor's
 * collateral matches the platform), {@link #tcbStatus()} says which status, so that a result
 * format can report the hardware as unrecognized rather than the evidence as forged.
 *
 * @since 0.1
 */
public class PolicyViolationException extends AttestationException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;
    private final TcbStatus tcbStatus;

    public PolicyViolationException(List<String> violations) {
        this(violations, null);
    }

    /**
     * A violation caused by the platform's TCB status.
     *
     * @param tcbStatus the status the appraisal failed on, e.g. {@link TcbStatus#NOT_SUPPORTED};
     *     {@code null} when the failure is not about the TCB status
     */
    public PolicyViolationException(List<String> violations, TcbStatus tcbStatus) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
        this.tcbStatus = tcbStatus;
    }

    /** The TCB status the appraisal failed on, when the failure is about the TCB status. */
    public Optional<TcbStatus> tcbStatus() {
        return Optional.ofNullable(tcbStatus);
    }

    /** Every failed check, in the order the policy evaluated them; never empty. */
    public List<String> violations() {
        return violations;
    }

    private static String summary(List<String> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a policy violation needs at least one failed check");
        }
        return violations.size() == 1
                ? "policy violation: " + violations.get(0)
                : violations.size() + " policy violations: " + String.join("; ", violations);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.POLICY_VIOLATION;
    }
}
