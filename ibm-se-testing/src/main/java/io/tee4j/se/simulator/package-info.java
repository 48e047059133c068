/**
 * A simulated IBM Z for tests and demos: {@link io.tee4j.se.simulator.SimulatedIbmPki} mints a
 * root, an intermediate, an IBM-shaped host-key signing key, host-key documents and CRLs, and
 * {@link io.tee4j.se.simulator.UltravisorSimulator} answers attestation requests as the
 * Ultravisor does. Nothing here is trusted by production verification.
 */
package io.tee4j.se.simulator;
