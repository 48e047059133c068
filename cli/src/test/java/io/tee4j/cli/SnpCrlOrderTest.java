package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening item 1 from the command line: {@code verify --collateral crl_ok --collateral
 * crl_revoking_ask} exits 2 (revoked) in both orders, as a collateral directory holding both does;
 * the first CRL that happens not to list the ASK no longer decides.
 */
class SnpCrlOrderTest {
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    @TempDir
    static Path dir;
    static Path report;
    static Path vcek;
    static Path roots;
    static Path crlOk;
    static Path crlRevokingAsk;

    @BeforeAll
    static void files() throws Exception {
        SimulatedAmdChain chain = SimulatedAmdChain.generate(ProductLine.GENOA);
        report = Files.write(dir.resolve("report.bin"), SimulatedSnpSigner.vcek(chain).report().sign());
        vcek = Files.write(dir.resolve("vcek.der"), chain.vcek().getEncoded());
        roots = dir.resolve("roots.pem");
        Files.writeString(roots, pem(chain.ark().getEncoded()) + pem(chain.ask().getEncoded()));
        crlOk = Files.write(dir.resolve("crl_ok.der"),
                chain.crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6))).getEncoded());
        crlRevokingAsk = Files.write(dir.resolve("crl_revoking_ask.der"), chain.crl(NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(6)), chain.ask().getSerialNumber()).getEncoded());
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }

    private static int verify(Path... collateral) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", "sev-snp", "--evidence", report.toString(),
                "--cert", vcek.toString(), "--trust-root", roots.toString(), "--at", NOW.toString(), "--offline"));
        for (Path c : collateral) {
            args.add("--collateral");
            args.add(c.toString());
        }
        int[] rc = new int[1];
        String err = SealCommandTest.captureErr(() -> MainTest.captureOut(() -> rc[0] = Main.run(args.toArray(new String[0]))));
        if (rc[0] == 2) {
            assertTrue(err.contains("revoked"), err);
        }
        return rc[0];
    }

    @Test
    void aRevokingCrlRevokesWhateverTheOrderOfTheCollateralFlags() {
        assertEquals(0, verify(crlOk), "baseline: the current CRL does not list the ASK");
        assertEquals(2, verify(crlOk, crlRevokingAsk));
        assertEquals(2, verify(crlRevokingAsk, crlOk));
    }

    @Test
    void aDirectoryHoldingBothCrlsRevokes() throws Exception {
        Path both = Files.createDirectories(dir.resolve("crls"));
        Files.copy(crlOk, both.resolve("a.der"));
        Files.copy(crlRevokingAsk, both.resolve("b.der"));
        assertEquals(2, verify(both));
        Path swapped = Files.createDirectories(dir.resolve("crls-swapped"));
        Files.copy(crlOk, swapped.resolve("b.der"));
        Files.copy(crlRevokingAsk, swapped.resolve("a.der"));
        assertEquals(2, verify(swapped));
    }
}
