package io.tee4j.core;

import java.io.Serializable;
import java.util.Objects;

/**
 * One failed policy rule: {@code ruleId} is the rule's key in the policy JSON (for example
 * {@code "min_tcb"} or {@code "report_data"}), so code can tell which rule failed without parsing
 * the message; {@code message} says in words what the evidence had and what the policy wanted.
 *
 * <p>Violations built through the older string-only constructors of
 * {@link PolicyViolationException} carry the rule id {@link #UNATTRIBUTED}.
 *
 * @param ruleId the policy JSON key of the failed rule; never blank
 * @param message what failed, for people; never null
 * @since 0.1
 */
public record PolicyViolation(String ruleId, String message) implements Serializable {
    /** The rule id of a violation whose producer did not say which rule failed. */
    public static final String UNATTRIBUTED = "unattributed";

    public PolicyViolation {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(message, "message");
        if (ruleId.isBlank()) {
            throw new IllegalArgumentException("a policy violation needs a rule id");
        }
    }

    /** Whether the producer named the failed rule (the rule id is not {@link #UNATTRIBUTED}). */
    public boolean isAttributed() {
        return !UNATTRIBUTED.equals(ruleId);
    }

    /** {@code "ruleId: message"}. */
    @Override
    public String toString() {
        return ruleId + ": " + message;
    }
}
