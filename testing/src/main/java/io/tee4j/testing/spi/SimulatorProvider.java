package io.tee4j.testing.spi;

import io.tee4j.core.TeeType;

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
public interface SimulatorProvider {
    /** The TEE this provider simulates. */
    TeeType tee();

    /**
     * This TEE's simulator over {@code directory}: cheap to call (keys are made on first use),
     * and deterministic, so two opens of one directory have the same keys and roots.
     */
    SeededSimulator open(SimulatorDirectory directory);
}
