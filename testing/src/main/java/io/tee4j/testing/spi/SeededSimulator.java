package io.tee4j.testing.spi;

import io.tee4j.core.AttestationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One TEE's simulator rebuilt from a {@link SimulatorDirectory}'s seed: it writes the roots a
 * verifier must be given explicitly and produces evidence that verifies against them. The evidence
 * is simulated and proves nothing about any machine.
 *
 * @since 0.2
 */
public interface SeededSimulator {
    /** Writes this TEE's roots and whatever else a verifier needs into the directory (once, at init). */
    void writeFiles() throws IOException;

    /**
     * The roots {@link #writeFiles()} wrote, each under the label {@code tee4j simulator init}
     * prints (for example {@code "sev-snp root"}), in print order.
     */
    Map<String, Path> roots();

    /**
     * The lines {@code README.txt} gives this TEE's files, each {@code "  name   meaning"}; empty
     * when its root file ({@code <tee>-root.pem}) is all it writes.
     */
    String readme();

    /**
     * Simulated evidence for {@code reportData}, refreshing the collateral files the TEE's verifier
     * reads (a CRL, a collateral bundle).
     *
     * @throws IllegalArgumentException report data of a length this TEE cannot carry, or a TEE
     *     whose evidence this simulator does not produce
     */
    SimulatedAttestation attest(byte[] reportData) throws AttestationException, IOException;
}
