package io.tee4j.core;

import java.util.List;

/**
 * The evidence is authentic but does not satisfy the policy. {@link #violations()} lists every
 * failed check, not just the first, so one run tells an operator everything to fix.
 *
 * @since 0.1
 */
public class PolicyViolationException extends AttestationException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public PolicyViolationException(List<String> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
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
