package io.tee4j.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The evidence is authentic but does not satisfy the policy. {@link #policyViolations()} lists
 * every failed rule, not just the first, so one run tells an operator everything to fix; each
 * names its rule by the policy JSON key ({@link PolicyViolation#ruleId()}), so code can react to a
 * particular rule. {@link #violations()} is the same list as messages only.
 *
 * <p>When the appraisal failed on the platform's TCB status rather than on a rule the caller
 * wrote (Intel's "TCB not supported": every signature is valid but no TCB level of the vendor's
 * collateral matches the platform), {@link #tcbStatus()} says which status, so that a result
 * format can report the hardware as unrecognized rather than the evidence as forged.
 *
 * @since 0.1
 */
public class PolicyViolationException extends AttestationException {
    private static final long serialVersionUID = 2L;

    private final List<PolicyViolation> violations;
    private final TcbStatus tcbStatus;

    /**
     * Violations given as messages only; each gets the rule id {@link PolicyViolation#UNATTRIBUTED}.
     * Prefer {@link #PolicyViolationException(Collection)}, which says which rule failed.
     */
    public PolicyViolationException(List<String> violations) {
        this(violations, null);
    }

    /**
     * A violation caused by the platform's TCB status, given as messages only (rule id
     * {@link PolicyViolation#UNATTRIBUTED}).
     *
     * @param tcbStatus the status the appraisal failed on, e.g. {@link TcbStatus#NOT_SUPPORTED};
     *     {@code null} when the failure is not about the TCB status
     */
    public PolicyViolationException(List<String> violations, TcbStatus tcbStatus) {
        this(unattributed(violations), tcbStatus);
    }

    /**
     * Typed violations (the parameter is a {@link Collection} so that this constructor and the
     * message-only one, which takes a {@link List}, differ after erasure).
     *
     * @param violations every failed rule, in the order the policy evaluated them; not empty
     */
    public PolicyViolationException(Collection<PolicyViolation> violations) {
        this(violations, null);
    }

    /**
     * Typed violations caused by the platform's TCB status.
     *
     * @param violations every failed rule, in the order the policy evaluated them; not empty
     * @param tcbStatus the status the appraisal failed on; {@code null} when the failure is not
     *     about the TCB status
     */
    public PolicyViolationException(Collection<PolicyViolation> violations, TcbStatus tcbStatus) {
        super(summary(List.copyOf(violations)));
        this.violations = List.copyOf(violations);
        this.tcbStatus = tcbStatus;
    }

    /** The TCB status the appraisal failed on, when the failure is about the TCB status. */
    public Optional<TcbStatus> tcbStatus() {
        return Optional.ofNullable(tcbStatus);
    }

    /** Every failed rule with its policy key, in the order the policy evaluated them; never empty. */
    public List<PolicyViolation> policyViolations() {
        return violations;
    }

    /**
     * The message of every failed rule, in the order the policy evaluated them; never empty. The
     * same list as {@link #policyViolations()}, without the rule ids.
     */
    public List<String> violations() {
        List<String> messages = new ArrayList<>(violations.size());
        for (PolicyViolation v : violations) {
            messages.add(v.message());
        }
        return List.copyOf(messages);
    }

    /** The rule ids of the failed rules, in order, without repeats. */
    public List<String> ruleIds() {
        return violations.stream().map(PolicyViolation::ruleId).distinct().toList();
    }

    private static List<PolicyViolation> unattributed(List<String> messages) {
        List<PolicyViolation> out = new ArrayList<>(messages.size());
        for (String m : messages) {
            out.add(new PolicyViolation(PolicyViolation.UNATTRIBUTED, m));
        }
        return out;
    }

    private static String summary(List<PolicyViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a policy violation needs at least one failed check");
        }
        return violations.size() == 1
                ? "policy violation: " + violations.get(0).message()
                : violations.size() + " policy violations: "
                        + String.join("; ", violations.stream().map(PolicyViolation::message).toList());
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.POLICY_VIOLATION;
    }
}
