package io.tee4j.testing.spi;

import io.tee4j.core.TeeType;
import java.util.Objects;
import java.util.function.Function;

/**
 * A TEE's simulator as a tool finds it: a {@link java.util.ServiceLoader} service that each
 * {@code tee4j-<tee>-testing} artifact registers in {@code META-INF/services}, so that
 * {@code tee4j simulator init} and {@code attest --simulate} work with whichever simulators are on
 * the class path and name no backend themselves.
 *
 * <p>NOT SECURE: a simulator's keys are derived from the directory's seed, so anyone who reads
 * the directory can forge evidence that verifies against its roots. Nothing here is trusted
 * unless a caller passes those roots explicitly.
 *
 * @since 0.2
 */
public abstract class SimulatorProvider {
    private final TeeType tee;
    private final Function<SimulatorDirectory, ? extends SeededSimulator> opener;

    /**
     * A provider of {@code tee}'s simulator, opened over a directory by {@code opener}; a subclass
     * needs a public no-argument constructor for {@link java.util.ServiceLoader}.
     */
    protected SimulatorProvider(TeeType tee, Function<SimulatorDirectory, ? extends SeededSimulator> opener) {
        this.tee = Objects.requireNonNull(tee, "tee");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The TEE this provider simulates. */
    public final TeeType tee() {
        return tee;
    }

    /**
     * This TEE's simulator over {@code directory}: cheap to call (keys are made on first use),
     * and deterministic, so two opens of one directory have the same keys and roots.
     */
    public final SeededSimulator open(SimulatorDirectory directory) {
        return opener.apply(Objects.requireNonNull(directory, "directory"));
    }
}
