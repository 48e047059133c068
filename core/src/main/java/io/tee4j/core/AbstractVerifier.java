package io.tee4j.core;

import java.time.Clock;
import java.util.Objects;

/**
 * What every backend's typed verifier shares, written once: its TEE, and
 * {@link #verify(Evidence, Policy)} as {@link #verify(Evidence, Policy, java.time.Instant)} at the
 * instant of the clock it was built with. A backend implements only the verification as of an
 * instant. It verifies nothing itself.
 *
 * @param <P> the backend's policy type
 * @param <R> the backend's result type
 * @since 0.2
 */
public abstract class AbstractVerifier<P extends Policy, R extends AttestationResult> implements Verifier<P, R> {
    private final TeeType type;
    private final Clock clock;

    /** A verifier for {@code type} whose two-argument {@code verify} runs at {@code clock}'s instant. */
    protected AbstractVerifier(TeeType type, Clock clock) {
        this.type = Objects.requireNonNull(type, "type");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public final TeeType type() {
        return type;
    }

    /** The clock the builder gave, whose instant {@link #verify(Evidence, Policy)} runs at. */
    protected final Clock clock() {
        return clock;
    }

    @Override
    public R verify(Evidence evidence, P policy) throws AttestationException {
        return verify(evidence, policy, clock.instant());
    }
}
