package io.tee4j.sealing;

import io.tee4j.core.FailureClass;

/**
 * Refused by policy: a {@link SealingPolicy} that binds nothing secret or names a binding the key
 * source cannot honour, a simulated key source that was not chosen by name, or sealed data made
 * under another key source, other bindings, or versions above the platform's current ones.
 * Failure class {@link FailureClass#POLICY_VIOLATION}.
 *
 * @since 0.1
 */
public final class SealingPolicyException extends SealingException {
    private static final long serialVersionUID = 1L;

    public SealingPolicyException(String message) {
        super(message);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.POLICY_VIOLATION;
    }
}
