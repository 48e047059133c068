package io.tee4j.cca.simulator;

import io.tee4j.core.AttestationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.testing.spi.SeededSimulator;
import io.tee4j.testing.spi.SimulatedAttestation;
import io.tee4j.testing.spi.SimulatorDirectory;
import io.tee4j.testing.spi.SimulatorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Arm CCA simulator behind {@code tee4j simulator init} and {@code attest --simulate}: a
 * {@link CcaSimulator} with a P-384 CPAK derived from the directory's seed, whose public key is the
 * root written as {@code cca-root.pem}. NOT SECURE: see {@link SimulatorDirectory}.
 *
 * @since 0.2
 */
public final class CcaSimulatorProvider extends SimulatorProvider {
    /** For {@link java.util.ServiceLoader}. */
    public CcaSimulatorProvider() {
        super(TeeType.CCA, Seeded::new);
    }

    /** The directory's CCA simulator, made afresh; the same CPAK at every call. */
    public static CcaSimulator simulator(SimulatorDirectory directory) {
        return CcaSimulator.create(EcCurve.P384, directory.random("cca"));
    }

    private static final class Seeded implements SeededSimulator {
        private final SimulatorDirectory dir;
        private CcaSimulator sim;

        Seeded(SimulatorDirectory dir) {
            this.dir = dir;
        }

        private synchronized CcaSimulator sim() {
            if (sim == null) {
                sim = simulator(dir);
            }
            return sim;
        }

        @Override
        public void writeFiles() throws IOException {
            SimulatorDirectory.write(dir.rootFile(TeeType.CCA), Certificates.toPem("PUBLIC KEY",
                    sim().cpakPublicKey().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public Map<String, Path> roots() {
            return Map.of("cca root", dir.rootFile(TeeType.CCA));
        }

        @Override
        public String readme() {
            return "";
        }

        @Override
        public SimulatedAttestation attest(byte[] reportData) throws AttestationException {
            if (reportData.length == 0 || reportData.length > 64) {
                throw new IllegalArgumentException("the CCA challenge is 1 to 64 bytes");
            }
            return new SimulatedAttestation(sim().attester().attest(reportData), List.of(), List.of());
        }
    }
}
