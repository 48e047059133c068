package io.tee4j.cli;

import io.tee4j.nvgpu.simulator.NvGpuSimulatorProvider;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.simulator.CcaSimulatorProvider;
import io.tee4j.core.TeeType;
import io.tee4j.snp.simulator.SnpSimulatorProvider;
import io.tee4j.tdx.simulator.TdxSimulatorProvider;
import io.tee4j.testing.spi.SimulatorDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tee4j simulator init} then {@code tee4j attest --simulate} for every TEE, verified by
 * {@code tee4j verify} in separate invocations with only the files in the directory: the
 * simulators really persist, and their roots are trusted only when passed explicitly.
 */
class SimulatorCommandTest {
    @TempDir
    static Path dir;
    static Path sim;

    @BeforeAll
    static void init() {
        sim = dir.resolve("sim");
        SealCommandTest.captureErr(() -> MainTest.captureOut(() -> assertEquals(0, Main.run("simulator", "init",
                sim.toString()))));
    }

    @Test
    void initWritesEveryRootAndAWarningReadme() throws Exception {
        for (TeeType t : List.of(TeeType.SEV_SNP, TeeType.TDX, TeeType.CCA, TeeType.NVIDIA_GPU)) {
            assertTrue(Files.size(Simulators.rootFile(sim, t)) > 100, t.id());
        }
        assertTrue(Files.readString(sim.resolve("README.txt")).contains("NOT SECURE"));
        assertTrue(Files.exists(sim.resolve("tdx-collateral.json")));
        // a second init into the same directory is refused
        SealCommandTest.captureErr(() -> assertEquals(1, Main.run("simulator", "init", sim.toString())));
    }

    @Test
    void reloadedSimulatorsHaveTheSameRoots() throws Exception {
        SimulatorDirectory a = Simulators.load(sim, java.time.Clock.systemUTC()).directory();
        SimulatorDirectory b = Simulators.load(sim, java.time.Clock.systemUTC()).directory();
        assertEquals(SnpSimulatorProvider.amdChain(a).ark().getPublicKey(),
                SnpSimulatorProvider.amdChain(b).ark().getPublicKey());
        // the TDX root is byte-identical (its quotes carry it), and equal to the file init wrote
        assertArrayEquals(TdxSimulatorProvider.simulator(a).trustAnchors().roots().get(0).getEncoded(),
                TdxSimulatorProvider.simulator(b).trustAnchors().roots().get(0).getEncoded());
        assertArrayEquals(TdxSimulatorProvider.simulator(a).trustAnchors().roots().get(0).getEncoded(),
                io.tee4j.core.crypto.Certificates.parseOne(Files.readAllBytes(Simulators.rootFile(sim, TeeType.TDX)))
                        .getEncoded());
        assertEquals(CcaSimulatorProvider.simulator(a).cpakPublicKey(), CcaSimulatorProvider.simulator(b).cpakPublicKey());
        assertEquals(NvGpuSimulatorProvider.simulator(a).deviceTrustAnchors().roots().get(0).getPublicKey(),
                NvGpuSimulatorProvider.simulator(b).deviceTrustAnchors().roots().get(0).getPublicKey());
        assertEquals(NvGpuSimulatorProvider.simulator(a).rimTrustAnchors().roots().get(0).getPublicKey(),
                NvGpuSimulatorProvider.simulator(b).rimTrustAnchors().roots().get(0).getPublicKey());
    }

    @Test
    void initPrintsEveryRootOfTheSimulatorsFoundThroughTheServiceLoader() throws Exception {
        Path other = dir.resolve("sim-printed");
        String out = MainTest.captureOut(() -> SealCommandTest.captureErr(() -> assertEquals(0, Main.run("simulator",
                "init", other.toString()))));
        for (TeeType t : List.of(TeeType.SEV_SNP, TeeType.TDX, TeeType.CCA, TeeType.NVIDIA_GPU, TeeType.IBM_SE)) {
            assertTrue(out.contains(t.id() + " root: " + Simulators.rootFile(other, t)), t.id() + " in " + out);
            assertTrue(Files.size(Simulators.rootFile(other, t)) > 100, t.id());
        }
        assertTrue(out.contains("nvidia-gpu RIM signing root: " + NvGpuSimulatorProvider.rimRootFile(other)), out);
        String readme = Files.readString(other.resolve("README.txt"));
        assertTrue(readme.contains("sev-snp-crl.der") && readme.contains("tdx-collateral.json")
                && readme.contains("nvidia-gpu-rims/") && readme.contains("ibm-se-hkd.pem"), readme);
    }

    @Test
    void aSimulatorTheCommandDoesNotNameIsFoundThroughTheServiceLoader() throws Exception {
        // TestVtpmSimulatorProvider is registered in the CLI's test resources only: before the SPI,
        // cli/Simulators knew its four TEEs by name and had no simulator for gcp-vtpm.
        Path other = dir.resolve("sim-extra");
        String out = MainTest.captureOut(() -> SealCommandTest.captureErr(() -> assertEquals(0, Main.run("simulator",
                "init", other.toString()))));
        assertTrue(out.contains("gcp-vtpm root: " + Simulators.rootFile(other, TeeType.GCP_VTPM)), out);
        assertTrue(Files.readString(other.resolve("README.txt")).contains("test simulator"));
        Path ev = dir.resolve("extra.ev");
        SealCommandTest.captureErr(() -> assertEquals(0, Main.run("attest", "--simulate", other.toString(), "--tee",
                "gcp-vtpm", "--report-data", "0a0b", "--out", ev.toString())));
        assertArrayEquals(TestVtpmSimulatorProvider.evidence(new byte[] {10, 11}), Files.readAllBytes(ev));
    }

    private static List<String> attest(String tee, String hex) {
        Path ev = dir.resolve(tee + ".ev");
        Path certs = dir.resolve(tee + ".pem");
        SealCommandTest.captureErr(() -> assertEquals(0, Main.run("attest", "--simulate", sim.toString(), "--tee", tee,
                "--report-data", hex, "--out", ev.toString(), "--certs-out", certs.toString())));
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--evidence", ev.toString(), "--offline"));
        switch (tee) {
            case "sev-snp":
                args.addAll(List.of("--cert", certs.toString(), "--collateral", sim.resolve("sev-snp-crl.der").toString()));
                break;
            case "tdx":
                args.addAll(List.of("--collateral", sim.resolve("tdx-collateral.json").toString()));
                break;
            case "nvidia-gpu":
                args.addAll(List.of("--cert", certs.toString(), "--collateral", sim.resolve("nvidia-gpu-rims").toString(),
                        "--rim-trust-root", NvGpuSimulatorProvider.rimRootFile(sim).toString(), "--no-revocation-check"));
                break;
            default:
                break;
        }
        return args;
    }

    private static int run(List<String> args) {
        int[] rc = new int[1];
        SealCommandTest.captureErr(() -> MainTest.captureOut(() -> rc[0] = Main.run(args.toArray(new String[0]))));
        return rc[0];
    }

    @Test
    void everyTeeAttestsAndVerifiesWithTheExplicitRootOnly() throws Exception {
        String nonce = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        for (String tee : List.of("sev-snp", "tdx", "cca", "nvidia-gpu")) {
            List<String> args = attest(tee, nonce);
            List<String> explicit = new ArrayList<>(args);
            explicit.addAll(List.of("--trust-root", Simulators.rootFile(sim, TeeType.fromId(tee)).toString()));
            assertEquals(0, run(explicit), tee + " verifies with the simulator's root");
            // bundled vendor roots never accept a simulator (CCA has no bundled anchor: collateral unavailable)
            int bundled = run(args);
            assertNotEquals(0, bundled, tee + " must not verify against bundled roots");
            // a flipped signed byte is a failed cryptographic check
            Path ev = dir.resolve(tee + ".ev");
            byte[] raw = Files.readAllBytes(ev);
            int at = tee.equals("sev-snp") ? 0x50 : tee.equals("tdx") ? 100 : raw.length / 2;
            raw[at] ^= 1;
            Files.write(ev, raw);
            int flipped = run(explicit);
            assertTrue(flipped == 2 || flipped == 6, tee + ": tampered evidence rejected as crypto/malformed, got "
                    + flipped);
        }
    }

    @Test
    void autoWithSimulateIsSevSnpAndNonceFileWorks() throws Exception {
        Path nonce = Files.write(dir.resolve("nonce"), new byte[] {1, 2, 3});
        Path ev = dir.resolve("auto.ev");
        SealCommandTest.captureErr(() -> assertEquals(0, Main.run("attest", "--simulate", sim.toString(),
                "--nonce-file", nonce.toString(), "--out", ev.toString())));
        assertEquals(1184, Files.size(ev));
    }

    @Test
    void attestUsageErrors() {
        Path out = dir.resolve("x");
        SealCommandTest.captureErr(() -> {
            assertEquals(1, Main.run("attest", "--simulate", dir.resolve("nothing").toString(), "--report-data", "00",
                    "--out", out.toString()));
            assertEquals(1, Main.run("attest", "--simulate", sim.toString(), "--report-data", "zz", "--out",
                    out.toString()));
            assertEquals(1, Main.run("attest", "--simulate", sim.toString(), "--tee", "nvidia-gpu", "--report-data", "00",
                    "--out", out.toString()));
            assertEquals(1, Main.run("attest", "--simulate", sim.toString(), "--out", out.toString()));
        });
    }

    @Test
    void noTeeHereIsExitSeven() {
        SealCommandTest.captureErr(() -> assertEquals(7, Main.run("attest", "--tee", "auto", "--report-data", "00",
                "--out", dir.resolve("y").toString())));
    }
}
