package io.tee4j.cli;

import io.tee4j.nvgpu.simulator.NvGpuSimulatorProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.TeeType;
import io.tee4j.nvgpu.simulator.NvGpuSimulator;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 item 1 at the command and the sidecar: {@code --trust-root} names NVIDIA device identity
 * roots, {@code --rim-trust-root} (sidecar: {@code rimTrustRoots}) the RIM signing roots; a RIM
 * signed with the GPU's own key is refused. Issue 14 item 27: the EAR counts executables as
 * appraised (2) only when the NVIDIA result says its measurements were.
 */
class NvidiaTrustRootsTest {
    static final String NONCE = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    @TempDir
    static Path dir;
    static Path sim;
    static Path evidence;
    static Path certs;

    @BeforeAll
    static void attest() {
        sim = dir.resolve("sim");
        evidence = dir.resolve("gpu.ev");
        certs = dir.resolve("gpu.pem");
        SealCommandTest.captureErr(() -> MainTest.captureOut(() -> {
            assertEquals(0, Main.run("simulator", "init", sim.toString()));
            assertEquals(0, Main.run("attest", "--simulate", sim.toString(), "--tee", "nvidia-gpu", "--report-data",
                    NONCE, "--out", evidence.toString(), "--certs-out", certs.toString()));
        }));
    }

    private static List<String> verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", "nvidia-gpu", "--evidence", evidence.toString(),
                "--cert", certs.toString(), "--offline", "--no-revocation-check", "--nonce", NONCE));
        args.addAll(List.of(extra));
        return args;
    }

    private static int run(List<String> args) {
        int[] rc = new int[1];
        SealCommandTest.captureErr(() -> MainTest.captureOut(() -> rc[0] = Main.run(args.toArray(new String[0]))));
        return rc[0];
    }

    private static String deviceRoot() {
        return Simulators.rootFile(sim, TeeType.NVIDIA_GPU).toString();
    }

    private static String rimRoot() {
        return NvGpuSimulatorProvider.rimRootFile(sim).toString();
    }

    private static String rims() {
        return sim.resolve("nvidia-gpu-rims").toString();
    }

    @Test
    void deviceRootsAndRimRootsAreGivenApart() {
        assertEquals(0, run(verify("--trust-root", deviceRoot(), "--rim-trust-root", rimRoot(), "--collateral", rims())));
        // without --rim-trust-root the bundled NVIDIA CoRIM root signs RIMs: the simulated ones are refused
        assertEquals(2, run(verify("--trust-root", deviceRoot(), "--collateral", rims())));
    }

    @Test
    void bothRootsAsTrustRootDoNotMakeTheRimRootTrusted() throws Exception {
        // Before: one --trust-root set served device chains and RIM signers (exit 0)
        Path both = dir.resolve("both.pem");
        Files.write(both, (Files.readString(Path.of(deviceRoot())) + Files.readString(Path.of(rimRoot())))
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, run(verify("--trust-root", both.toString(), "--collateral", rims())));
    }

    @Test
    void rimsSignedByTheGpuItselfAreRefused() throws Exception {
        // the simulator the command used, rebuilt from its seed: its GPU key signs the RIMs
        NvGpuSimulator gpu = NvGpuSimulatorProvider.simulator(Simulators.load(sim, Clock.systemUTC()).directory());
        Path forged = Files.createDirectories(dir.resolve("forged-rims"));
        Files.write(forged.resolve("driver.xml"), gpu.signRimWithDeviceLeaf(gpu.driverRim()));
        Files.write(forged.resolve("vbios.xml"), gpu.signRimWithDeviceLeaf(gpu.vbiosRim()));
        assertEquals(2, run(verify("--trust-root", deviceRoot(), "--rim-trust-root", rimRoot(), "--collateral",
                forged.toString())));
        // even with the device root given as a RIM root too
        assertEquals(2, run(verify("--trust-root", deviceRoot(), "--rim-trust-root", rimRoot(), "--rim-trust-root",
                deviceRoot(), "--collateral", forged.toString())));
    }

    @Test
    void rimTrustRootIsForNvidiaOnly() {
        assertEquals(1, run(List.of("verify", "--tee", "sev-snp", "--evidence", evidence.toString(),
                "--rim-trust-root", rimRoot())));
    }

    private static JsonNode ear(List<String> args) throws Exception {
        String[] out = new String[1];
        SealCommandTest.captureErr(() -> out[0] = MainTest.captureOut(() -> Main.run(args.toArray(new String[0]))));
        return Json.MAPPER.readTree(out[0]);
    }

    @Test
    void earExecutablesAreAppraisedOnlyWhenTheMeasurementsWere() throws Exception {
        JsonNode appraised = ear(verify("--trust-root", deviceRoot(), "--rim-trust-root", rimRoot(), "--collateral",
                rims(), "--format", "ear"));
        assertEquals(2, appraised.findValue("executables").asInt(), appraised.toString());
        // the real nvtrust vector: no RIM describes its build, the policy allows that by name
        Path report = Files.write(dir.resolve("report.hex"), DemoSamples.resource("nvidia-gpu/report.hex"));
        Path chain = Files.write(dir.resolve("chain.pem"), DemoSamples.resource("nvidia-gpu/chain.pem"));
        Path policy = Files.writeString(dir.resolve("unappraised.json"), "{\"allowUnappraisedMeasurements\": true}");
        JsonNode real = ear(List.of("verify", "--tee", "nvidia-gpu", "--evidence", report.toString(), "--cert",
                chain.toString(), "--at", "2025-06-01T00:00:00Z", "--offline", "--no-revocation-check", "--policy",
                policy.toString(), "--format", "ear"));
        assertEquals(33, real.findValue("executables").asInt(), real.toString());
    }

    @Test
    void theSidecarTakesRimTrustRoots() throws Exception {
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 1, 1, null, true,
                true, List.of(sim.resolve("nvidia-gpu-rims")), Map.of(), clock, type -> null);
        try (Sidecar sidecar = new Sidecar(config)) {
            Base64.Encoder b64 = Base64.getEncoder();
            String base = "{\"tee\":\"nvidia-gpu\",\"evidence\":\"" + b64.encodeToString(Files.readAllBytes(evidence))
                    + "\",\"certificates\":[\"" + b64.encodeToString(Files.readAllBytes(certs)) + "\"],"
                    + "\"nonce\":\"" + NONCE + "\",\"trustRoots\":[\""
                    + b64.encodeToString(Files.readAllBytes(Path.of(deviceRoot()))) + "\"]";
            String rimRoots = ",\"rimTrustRoots\":[\"" + b64.encodeToString(Files.readAllBytes(Path.of(rimRoot()))) + "\"]";
            Sidecar.Reply ok = sidecar.verifyReply((base + rimRoots + "}").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, ok.status(), ok.body().toString());
            assertTrue(ok.body().path("verified").asBoolean(), ok.body().toString());
            Sidecar.Reply without = sidecar.verifyReply((base + "}").getBytes(StandardCharsets.UTF_8));
            assertTrue(!without.body().path("verified").asBoolean(true), without.body().toString());
            Sidecar.Reply notNvidia = sidecar.verifyReply(("{\"tee\":\"sev-snp\",\"evidence\":\"AA==\"" + rimRoots + "}")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(400, notNvidia.status(), notNvidia.body().toString());
            Sidecar.Reply garbage = sidecar.verifyReply((base + ",\"rimTrustRoots\":[\"AAAA\"]}")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(400, garbage.status(), garbage.body().toString());
        }
    }
}
