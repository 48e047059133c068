package io.tee4j.cli;

import io.tee4j.nvgpu.simulator.NvGpuSimulatorProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tee4j.core.TeeType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, composite CPU+GPU: {@code attest --gpu-evidence-out} collects the GPUs' evidence under the nonce and
 * commits the CVM's report data to it; {@code verify --gpu-evidence} checks both and the binding. Simulated SNP
 * and TDX VMs, each with the simulated GPU; GPU evidence of another VM is refused with exit 2.
 */
class GpuCompositeCommandTest {
    static final String NONCE_A = "a1".repeat(32);
    static final String NONCE_B = "b2".repeat(32);
    @TempDir
    static Path dir;
    static Path sim;

    @BeforeAll
    static void init() {
        sim = dir.resolve("sim");
        assertEquals(0, Cli.run("simulator", "init", sim.toString()).rc());
    }

    /** Attests a VM of {@code tee} with its GPUs under {@code nonce}; returns [cpu evidence, cpu certs, gpu list]. */
    private static Path[] attest(String tee, String nonce, String name) {
        Path cpu = dir.resolve(name + ".bin");
        Path certs = dir.resolve(name + ".pem");
        Path gpus = dir.resolve(name + "-gpus.json");
        Cli.Result r = Cli.run("attest", "--simulate", sim.toString(), "--tee", tee, "--report-data", nonce,
                "--gpu-evidence-out", gpus.toString(), "--out", cpu.toString(), "--certs-out", certs.toString());
        assertEquals(0, r.rc(), r.toString());
        return new Path[] {cpu, certs, gpus};
    }

    private static Cli.Result verify(String tee, Path cpu, Path certs, Path gpus, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--evidence", cpu.toString(),
                "--trust-root", Simulators.rootFile(sim, TeeType.fromId(tee)).toString(),
                "--collateral", sim.resolve(tee.equals("tdx") ? "tdx-collateral.json" : "sev-snp-crl.der").toString(),
                "--gpu-evidence", gpus.toString(),
                "--gpu-trust-root", Simulators.rootFile(sim, TeeType.NVIDIA_GPU).toString(),
                "--rim-trust-root", NvGpuSimulatorProvider.rimRootFile(sim).toString(),
                "--gpu-collateral", sim.resolve("nvidia-gpu-rims").toString(),
                "--offline", "--no-revocation-check"));
        if (tee.equals("sev-snp")) {
            args.addAll(List.of("--cert", certs.toString()));
        }
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void snpWithItsGpusVerifiesAndAnotherVmsGpusAreRefused() throws Exception {
        checkComposite("sev-snp");
    }

    @Test
    void tdxWithItsGpusVerifiesAndAnotherVmsGpusAreRefused() throws Exception {
        checkComposite("tdx");
    }

    private static void checkComposite(String tee) throws Exception {
        Path[] a = attest(tee, NONCE_A, tee + "-a");
        Path[] b = attest(tee, NONCE_B, tee + "-b");
        Cli.Result ok = verify(tee, a[0], a[1], a[2], "--json");
        assertEquals(0, ok.rc(), ok.toString());
        JsonNode out = new ObjectMapper().readTree(ok.out());
        assertEquals(tee, out.get("tee").asText());
        assertEquals(1, out.get("devices").size(), ok.out());
        assertTrue(out.get("claims").get("gpuBinding").get("verified").asBoolean(), ok.out());
        assertEquals(NONCE_A, out.get("claims").get("gpuBinding").get("gpuNonce").asText());
        // VM a's report with VM b's GPU evidence (each genuine on its own): the binding fails, exit 2
        Cli.Result swapped = verify(tee, a[0], a[1], b[2]);
        assertEquals(2, swapped.rc(), swapped.toString());
        assertTrue(swapped.err().contains("does not commit to these 1 GPU/NVSwitch reports"), swapped.err());
        // and the other way round
        assertEquals(2, verify(tee, b[0], b[1], a[2]).rc());
        // the GPU side alone still verifies: the refusal is the binding's
        assertEquals(0, verify(tee, b[0], b[1], b[2]).rc());
    }

    @Test
    void gpuOptionsNeedGpuEvidence() {
        Cli.Result r = Cli.run("verify", "--tee", "sev-snp", "--evidence", dir.toString(), "--gpu-policy", "x.json");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("apply with --gpu-evidence"), r.err());
    }
}
