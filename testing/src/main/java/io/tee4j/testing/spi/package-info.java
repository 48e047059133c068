/**
 * How tools find the simulators: {@link io.tee4j.testing.spi.SimulatorProvider}, a
 * {@link java.util.ServiceLoader} service each {@code tee4j-<tee>-testing} artifact registers, opens
 * a {@link io.tee4j.testing.spi.SeededSimulator} over a
 * {@link io.tee4j.testing.spi.SimulatorDirectory} (seed, creation instant, clock, files), which
 * writes its roots and produces {@link io.tee4j.testing.spi.SimulatedAttestation}s. The
 * {@code tee4j} command ({@code simulator init}, {@code attest --simulate}, {@code demo}) names no
 * backend: it uses whichever providers are on its class path.
 *
 * <p>For tests and demos only: every key is derived from the directory's seed, so nothing here is
 * trusted unless a caller passes the roots explicitly.
 *
 * @since 0.2
 */
package io.tee4j.testing.spi;
