package io.tee4j.atls;

import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpFirmware;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ServiceLoader;

/**
 * The SEV-SNP and TDX simulators as an attested server's attester, and the uniform verifiers
 * (through the SPI, as an application gets them) with or without the simulators' roots.
 */
final class SimulatedTees {
    private static SimulatedTees instance;

    final SimulatedAmdChain amd;
    final SimulatedSnpFirmware snpFirmware;
    final TdxSimulator tdx;
    final Path dir;

    private SimulatedTees() throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42);
        amd = SimulatedAmdChain.builder(ProductLine.GENOA).random(random).rsaBits(2048).build();
        snpFirmware = SimulatedSnpFirmware.of(SimulatedSnpSigner.vcek(amd), r -> { }, 0, new byte[32], new byte[32]);
        tdx = TdxSimulator.builder().build();
        dir = Files.createTempDirectory("tee4j-atls-test");
        dir.toFile().deleteOnExit();
        Instant now = Instant.now();
        Files.write(dir.resolve("sev-snp-crl.der"), amd.crl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)))
                .getEncoded());
        Files.write(dir.resolve("tdx-collateral.json"), tdx.collateralBundle());
    }

    static synchronized SimulatedTees get() throws Exception {
        if (instance == null) {
            instance = new SimulatedTees();
        }
        return instance;
    }

    Attester attester(TeeType tee) {
        return new Attester() {
            @Override
            public TeeType type() {
                return tee;
            }

            @Override
            public Evidence attest(byte[] reportData) throws io.tee4j.core.AttestationException {
                try {
                    if (tee == TeeType.SEV_SNP) {
                        return Evidence.builder(tee, snpFirmware.report(reportData, 0))
                                .addCertificate(amd.vcek().getEncoded()).addCertificate(amd.ask().getEncoded()).build();
                    }
                    return Evidence.of(tee, tdx.quote(reportData));
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** A prepared verifier for {@code tee}, trusting the simulator's root when {@code withRoot}. */
    PreparedVerifier verifier(TeeType tee, boolean withRoot) throws Exception {
        VerifierConfiguration.Builder b = VerifierConfiguration.builder().offline(true)
                .collateralSource(CollateralSource.none());
        if (tee == TeeType.SEV_SNP) {
            if (withRoot) {
                b.addTrustRoot(amd.ark().getEncoded());
            }
            b.addCollateral(dir.resolve("sev-snp-crl.der"));
        } else {
            if (withRoot) {
                b.addTrustRoot(tdx.trustAnchors().roots().get(0).getEncoded());
            }
            b.addCollateral(dir.resolve("tdx-collateral.json"));
        }
        return backend(tee).prepare(b.build());
    }

    static TeeBackend backend(TeeType tee) {
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class)) {
            if (b.type() == tee) {
                return b;
            }
        }
        throw new IllegalStateException("no backend for " + tee);
    }
}
