package io.tee4j.testing.spi;

import io.tee4j.core.Evidence;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Simulated evidence, the certificates to verify it with when the evidence does not carry them,
 * and the extra {@code tee4j verify} arguments that point at the collateral the simulator wrote.
 *
 * @param evidence the simulated evidence
 * @param certificates the chain to give beside the evidence (empty when it carries its own)
 * @param verifyHints extra {@code tee4j verify} arguments, for example {@code --collateral FILE}
 * @since 0.2
 */
public record SimulatedAttestation(Evidence evidence, List<X509Certificate> certificates, List<String> verifyHints) {
    /** Copies the lists; nothing may be null. */
    public SimulatedAttestation {
        Objects.requireNonNull(evidence, "evidence");
        certificates = List.copyOf(certificates);
        verifyHints = List.copyOf(verifyHints);
    }
}
