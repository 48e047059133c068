package io.tee4j.tdx.simulator;

import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.testing.spi.SeededSimulator;
import io.tee4j.testing.spi.SimulatedAttestation;
import io.tee4j.testing.spi.SimulatorDirectory;
import io.tee4j.testing.spi.SimulatorProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The TDX simulator behind {@code tee4j simulator init} and {@code attest --simulate}: a
 * {@link TdxSimulator} whose keys come from the directory's seed and whose certificates are valid
 * from a day before the directory's creation to ten years after, with a collateral bundle valid
 * 30 days rewritten at each attest. NOT SECURE: see {@link SimulatorDirectory}.
 *
 * @since 0.2
 */
public final class TdxSimulatorProvider extends SimulatorProvider {
    private static final String COLLATERAL = "tdx-collateral.json";

    /** For {@link java.util.ServiceLoader}. */
    public TdxSimulatorProvider() {
        super(TeeType.TDX, Seeded::new);
    }

    /** The directory's TDX simulator, made afresh; the same keys and root certificate at every call. */
    public static TdxSimulator simulator(SimulatorDirectory directory) {
        return TdxSimulator.builder().random(directory.random("tdx")).clock(directory.clock())
                .certificateValidity(directory.created().minus(Duration.ofDays(1)),
                        directory.created().plus(Duration.ofDays(3650)))
                .build();
    }

    private static final class Seeded implements SeededSimulator {
        private final SimulatorDirectory dir;
        private TdxSimulator sim;

        Seeded(SimulatorDirectory dir) {
            this.dir = dir;
        }

        private synchronized TdxSimulator sim() {
            if (sim == null) {
                sim = simulator(dir);
            }
            return sim;
        }

        @Override
        public void writeFiles() throws IOException {
            SimulatorDirectory.write(dir.rootFile(TeeType.TDX), SimulatorDirectory.pem(sim().trustAnchors().roots()));
            SimulatorDirectory.write(dir.dir().resolve(COLLATERAL), sim().collateralBundle());
        }

        @Override
        public Map<String, Path> roots() {
            return Map.of("tdx root", dir.rootFile(TeeType.TDX));
        }

        @Override
        public String readme() {
            return "  tdx-collateral.json      simulated Intel collateral (rewritten by each TDX attest)\n";
        }

        @Override
        public SimulatedAttestation attest(byte[] reportData) throws IOException {
            if (reportData.length > 64) {
                throw new IllegalArgumentException("TDX report data is at most 64 bytes");
            }
            byte[] quote = sim().quote(Arrays.copyOf(reportData, 64));
            Path collateral = dir.dir().resolve(COLLATERAL);
            SimulatorDirectory.write(collateral, sim().collateralBundle());
            return new SimulatedAttestation(Evidence.of(TeeType.TDX, quote), List.of(),
                    List.of("--collateral", collateral.toString()));
        }
    }
}
