package io.tee4j.nvgpu.simulator;

import io.tee4j.core.TeeType;
import io.tee4j.testing.spi.SeededSimulator;
import io.tee4j.testing.spi.SimulatedAttestation;
import io.tee4j.testing.spi.SimulatorDirectory;
import io.tee4j.testing.spi.SimulatorProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NVIDIA GPU simulator behind {@code tee4j simulator init} and {@code attest --simulate}: an
 * {@link NvGpuSimulator} seeded from the directory, its certificates pinned to the directory's
 * creation instant, with the device identity root ({@code nvidia-gpu-root.pem}), the RIM signing
 * root apart ({@link #rimRootFile(Path)}) and the driver and VBIOS RIMs of the simulated GPU
 * ({@code nvidia-gpu-rims/}). Its evidence is verified without revocation (the simulated OCSP
 * responder does not outlive the process). NOT SECURE: see {@link SimulatorDirectory}.
 *
 * @since 0.2
 */
public final class NvGpuSimulatorProvider extends SimulatorProvider {
    private static final String RIMS = "nvidia-gpu-rims";

    /** For {@link java.util.ServiceLoader}. */
    public NvGpuSimulatorProvider() {
        super(TeeType.NVIDIA_GPU, Seeded::new);
    }

    /** The simulated RIM signing root of the directory {@code dir}, for {@code --rim-trust-root}. */
    public static Path rimRootFile(Path dir) {
        return dir.resolve("nvidia-gpu-rim-root.pem");
    }

    /** The directory's GPU simulator, made afresh; the same keys at every call. */
    public static NvGpuSimulator simulator(SimulatorDirectory directory) {
        long seed = ByteBuffer.wrap(directory.derive("nvidia-gpu"), 0, 8).getLong();
        return NvGpuSimulator.builder().seed(seed).clock(Clock.fixed(directory.created(), ZoneOffset.UTC)).build();
    }

    private static final class Seeded implements SeededSimulator {
        private final SimulatorDirectory dir;
        private NvGpuSimulator sim;

        Seeded(SimulatorDirectory dir) {
            this.dir = dir;
        }

        private synchronized NvGpuSimulator sim() {
            if (sim == null) {
                sim = simulator(dir);
            }
            return sim;
        }

        @Override
        public void writeFiles() throws IOException {
            SimulatorDirectory.write(dir.rootFile(TeeType.NVIDIA_GPU),
                    SimulatorDirectory.pem(sim().deviceTrustAnchors().roots()));
            SimulatorDirectory.write(rimRootFile(dir.dir()), SimulatorDirectory.pem(sim().rimTrustAnchors().roots()));
            Path rims = Files.createDirectories(dir.dir().resolve(RIMS));
            SimulatorDirectory.write(rims.resolve("driver-rim.xml"), sim().driverRim());
            SimulatorDirectory.write(rims.resolve("vbios-rim.xml"), sim().vbiosRim());
        }

        @Override
        public Map<String, Path> roots() {
            Map<String, Path> roots = new LinkedHashMap<>();
            roots.put("nvidia-gpu root", dir.rootFile(TeeType.NVIDIA_GPU));
            roots.put("nvidia-gpu RIM signing root", rimRootFile(dir.dir()));
            return roots;
        }

        @Override
        public String readme() {
            return "  nvidia-gpu-rim-root.pem  the simulated NVIDIA RIM signing root (--rim-trust-root)\n"
                    + "  nvidia-gpu-rims/         simulated NVIDIA reference manifests\n";
        }

        @Override
        public SimulatedAttestation attest(byte[] reportData) {
            if (reportData.length != 32) {
                throw new IllegalArgumentException("the NVIDIA GPU nonce is 32 bytes");
            }
            return new SimulatedAttestation(sim().evidence(reportData), sim().deviceChain(), List.of(
                    "--rim-trust-root", rimRootFile(dir.dir()).toString(),
                    "--collateral", dir.dir().resolve(RIMS).toString(), "--no-revocation-check"));
        }
    }
}
