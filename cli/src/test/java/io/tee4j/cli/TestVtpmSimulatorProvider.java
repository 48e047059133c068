package io.tee4j.cli;

import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.testing.spi.SeededSimulator;
import io.tee4j.testing.spi.SimulatedAttestation;
import io.tee4j.testing.spi.SimulatorDirectory;
import io.tee4j.testing.spi.SimulatorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A simulator the CLI has never heard of, registered only in the CLI's test resources, for a TEE no
 * testing artifact simulates ({@code gcp-vtpm}): {@code simulator init} and {@code attest --simulate}
 * must find it through the service loader alone. Its "evidence" is a text naming the report data.
 */
public final class TestVtpmSimulatorProvider extends SimulatorProvider {
    /** For {@link java.util.ServiceLoader}. */
    public TestVtpmSimulatorProvider() {
        super(TeeType.GCP_VTPM, Simulated::new);
    }

    /** The evidence this simulator makes for {@code reportData}. */
    static byte[] evidence(byte[] reportData) {
        return ("test vtpm simulator " + HexFormat.of().formatHex(reportData)).getBytes(StandardCharsets.US_ASCII);
    }

    private static final class Simulated implements SeededSimulator {
        private final SimulatorDirectory dir;

        Simulated(SimulatorDirectory dir) {
            this.dir = dir;
        }

        @Override
        public void writeFiles() throws IOException {
            SimulatorDirectory.write(dir.rootFile(TeeType.GCP_VTPM), dir.derive("test vtpm root"));
        }

        @Override
        public Map<String, Path> roots() {
            return Map.of("gcp-vtpm root", dir.rootFile(TeeType.GCP_VTPM));
        }

        @Override
        public String readme() {
            return "  (test) gcp-vtpm-root.pem  a made-up root of the CLI's test simulator\n";
        }

        @Override
        public SimulatedAttestation attest(byte[] reportData) {
            return new SimulatedAttestation(Evidence.of(TeeType.GCP_VTPM, evidence(reportData)), List.of(), List.of());
        }
    }
}
