package io.tee4j.cli;

import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedKds;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.tdx.simulator.FakePcs;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Simulated SEV-SNP and TDX evidence with loopback vendor services for the fleet tests: a Genoa
 * chain behind a fake KDS (VCEK, chain, a CRL valid around {@link #AT}), a TDX simulator behind a
 * fake PCS, and the files the command takes.
 */
final class FleetFixtures {
    static {
        // Before any test server starts: the JDK reads its server settings once per process.
        JdkHttpServerSettings.apply();
    }

    static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");
    static final String AT_TEXT = AT.toString();
    static final byte[] FMSPC = HexFormat.of().parseHex("00906ed50000");

    private static SimulatedAmdChain genoa;
    private static TdxSimulator tdx;

    private FleetFixtures() {
    }

    static synchronized SimulatedAmdChain genoa() {
        if (genoa == null) {
            genoa = SimulatedAmdChain.generate(ProductLine.GENOA);
        }
        return genoa;
    }

    static synchronized TdxSimulator tdx() {
        if (tdx == null) {
            tdx = TdxSimulator.builder().clock(Clock.fixed(AT, ZoneOffset.UTC)).fmspc(FMSPC).build();
        }
        return tdx;
    }

    /** A fake KDS serving the Genoa chain and a CRL valid a week around {@link #AT}. */
    static SimulatedKds kds() throws IOException {
        SimulatedKds kds = SimulatedKds.start(genoa());
        kds.crl(ProductLine.GENOA, genoa().crl(AT.minus(Duration.ofDays(1)), AT.plus(Duration.ofDays(6))));
        return kds;
    }

    /** A fake PCS serving the TDX simulator's collateral, PCK CRL valid a week around {@link #AT}. */
    static FakePcs pcs() throws IOException {
        FakePcs pcs = FakePcs.start(tdx(), FMSPC);
        pcs.servePckCrl(tdx().pckCrl(AT.minus(Duration.ofDays(1)), AT.plus(Duration.ofDays(6))));
        return pcs;
    }

    /** Writes the SNP report, the ARK (as trust root) and the ASK into {@code dir}: {report, ark, ask}. */
    static Path[] snpFiles(Path dir) {
        try {
            Path report = Files.write(dir.resolve("report.bin"), SimulatedSnpSigner.vcek(genoa()).report().sign());
            Path ark = Files.writeString(dir.resolve("ark.pem"), Certificates.toPem(genoa().ark()),
                    StandardCharsets.US_ASCII);
            Path ask = Files.writeString(dir.resolve("ask.pem"), Certificates.toPem(genoa().ask()),
                    StandardCharsets.US_ASCII);
            return new Path[] {report, ark, ask};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the TDX quote and the simulator's root (as trust root) into {@code dir}: {quote, root}. */
    static Path[] tdxFiles(Path dir) {
        try {
            Path quote = Files.write(dir.resolve("quote.dat"), tdx().quote(new byte[64]));
            Path root = Files.writeString(dir.resolve("intel-root.pem"),
                    Certificates.toPem(tdx().pckChain().get(2)), StandardCharsets.US_ASCII);
            return new Path[] {quote, root};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on (an endpoint that is down). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
