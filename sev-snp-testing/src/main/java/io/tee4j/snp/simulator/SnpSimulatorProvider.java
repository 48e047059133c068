package io.tee4j.snp.simulator;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.linux.Backoff;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.client.SnpAttester;
import io.tee4j.testing.spi.MeasuredLaunchSimulator;
import io.tee4j.testing.spi.SimulatedAttestation;
import io.tee4j.testing.spi.SimulatorDirectory;
import io.tee4j.testing.spi.SimulatorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The SEV-SNP simulator behind {@code tee4j simulator init} and {@code attest --simulate}: a
 * simulated Genoa AMD chain (2048-bit RSA, valid from 2024-01-01 for seven years) derived from the
 * directory's seed, reports signed by its VCEK through the real {@link SnpAttester} over a
 * simulated {@code /dev/sev-guest}, and a simulated ARK CRL valid seven days, rewritten at each
 * attest. NOT SECURE: see {@link SimulatorDirectory}.
 *
 * @since 0.2
 */
public final class SnpSimulatorProvider extends SimulatorProvider {
    private static final int SIM_RSA_BITS = 2048;
    private static final String CRL = "sev-snp-crl.der";

    /** For {@link java.util.ServiceLoader}. */
    public SnpSimulatorProvider() {
        super(TeeType.SEV_SNP, Seeded::new);
    }

    /** The directory's AMD chain, made afresh (slow: RSA key generation); the same keys at every call. */
    public static SimulatedAmdChain amdChain(SimulatorDirectory directory) {
        return SimulatedAmdChain.builder(ProductLine.GENOA).random(directory.random("sev-snp")).rsaBits(SIM_RSA_BITS)
                .build();
    }

    private static final class Seeded implements MeasuredLaunchSimulator {
        private final SimulatorDirectory dir;
        private SimulatedAmdChain amd;

        Seeded(SimulatorDirectory dir) {
            this.dir = dir;
        }

        /** RSA key generation is slow: the chain is made on first use and kept. */
        private synchronized SimulatedAmdChain amd() {
            if (amd == null) {
                amd = amdChain(dir);
            }
            return amd;
        }

        @Override
        public void writeFiles() throws IOException {
            SimulatorDirectory.write(dir.rootFile(TeeType.SEV_SNP),
                    Certificates.toPem(amd().ark()).getBytes(StandardCharsets.US_ASCII));
            writeCrl();
        }

        @Override
        public Map<String, Path> roots() {
            return Map.of("sev-snp root", dir.rootFile(TeeType.SEV_SNP));
        }

        @Override
        public String readme() {
            return "  sev-snp-crl.der          a simulated AMD CRL (rewritten by each SNP attest)\n";
        }

        @Override
        public SimulatedAttestation attest(byte[] reportData) throws AttestationException, IOException {
            if (reportData.length > 64) {
                throw new IllegalArgumentException("SNP report data is at most 64 bytes");
            }
            return attest(reportData, r -> { });
        }

        @Override
        public SimulatedAttestation attestLaunchedWith(byte[] measurement, byte[] reportData)
                throws AttestationException, IOException {
            return attest(reportData, r -> r.measurement(measurement));
        }

        private SimulatedAttestation attest(byte[] reportData, Consumer<SimulatedSnpSigner.ReportBuilder> launch)
                throws AttestationException, IOException {
            SimulatedAmdChain chain = amd();
            byte[] secrets = dir.derive("sev-snp firmware");
            SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(SimulatedSnpSigner.vcek(chain), launch, 0,
                    Arrays.copyOf(secrets, 16), Arrays.copyOfRange(secrets, 16, 32));
            String path = "/dev/sev-guest";
            Evidence ev = SnpAttester.device(SimulatedSevGuestDevice.of(path, fw), path, Backoff.none(), 0)
                    .attest(reportData);
            writeCrl();
            return new SimulatedAttestation(ev, List.of(chain.vcek(), chain.ask()),
                    List.of("--collateral", dir.dir().resolve(CRL).toString()));
        }

        private void writeCrl() throws IOException {
            Instant now = dir.clock().instant();
            try {
                SimulatorDirectory.write(dir.dir().resolve(CRL),
                        amd().crl(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(7))).getEncoded());
            } catch (CRLException e) {
                throw new IOException("encoding the simulated CRL: " + e.getMessage(), e);
            }
        }
    }
}
