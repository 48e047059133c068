/**
 * A software CCA platform and realm ({@link io.tee4j.cca.simulator.CcaSimulator}) for tests: its
 * keys are generated in memory and trusted only when passed to a verifier explicitly. Never used
 * by {@link io.tee4j.core.Tee#detect()}.
 *
 * @since 0.1
 */
package io.tee4j.cca.simulator;
