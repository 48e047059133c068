package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 at the command: {@code verify --tee nvidia-gpu} takes NVIDIA's JSON evidence lists (repeatable
 * {@code --evidence}), reports a {@code devices} array, fails the PPCIe topology with exit 2, and prints NVIDIA's
 * detached claims with {@code --format nvidia-eat}. Before, a list was refused with "request SPDM version 0x5b".
 */
class GpuEvidenceListCommandTest {
    @TempDir
    static Path dir;
    static Path gpus;
    static Path switches;
    static Path blackwell;
    static Path lax;

    @BeforeAll
    static void files() throws Exception {
        gpus = copy("nvat-multi_gpu_hopper.json");
        switches = copy("nvat-multi_switch_ls10.json");
        blackwell = copy("veraison-blackwell-evidence.json");
        lax = dir.resolve("lax.json");
        Files.writeString(lax, "{\"allowUnappraisedMeasurements\": true}");
    }

    private static Path copy(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = GpuEvidenceListCommandTest.class.getResourceAsStream("nvidia/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private static Cli.Result verify(String... extra) {
        String[] base = {"verify", "--tee", "nvidia-gpu", "--offline", "--no-revocation-check", "--at",
                "2025-01-01T00:00:00Z"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void fourGpusVerifyWithADevicesArray() throws Exception {
        Cli.Result r = verify("--evidence", gpus.toString(), "--policy", lax.toString(), "--json");
        assertEquals(0, r.rc(), r.toString());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(4, out.get("devices").size(), r.out());
        assertEquals("HOPPER", out.get("devices").get(2).get("arch").asText());
        assertEquals("gpu", out.get("devices").get(2).get("kind").asText());
        assertEquals("418d8735ca47d6fc15".substring(2), out.get("devices").get(2).get("pdi").asText());
    }

    @Test
    void gpusAndTheRepeatedSwitchFailTheTopologyWithExit2() {
        Cli.Result r = verify("--evidence", gpus.toString(), "--evidence", switches.toString(), "--policy",
                lax.toString());
        assertEquals(2, r.rc(), r.toString());
        assertTrue(r.err().contains("topology check failed"), r.err());
        assertTrue(r.err().contains("is presented 4 times"), r.err());
    }

    @Test
    void blackwellIsRefusedForItsMissingRimByDefaultAndVerifiesUnappraised() throws Exception {
        Cli.Result refused = verify("--evidence", blackwell.toString());
        assertEquals(3, refused.rc(), refused.toString());
        assertTrue(refused.err().contains("RIM NV_GPU_CC_DRIVER_GB100_590.48.01 not found"), refused.err());
        assertTrue(refused.err().contains("note: every device's report signature, FWID binding and device certificate "
                + "chain did verify"), refused.err());
        Cli.Result ok = verify("--evidence", blackwell.toString(), "--policy", lax.toString(), "--json");
        assertEquals(0, ok.rc(), ok.toString());
        assertEquals("BLACKWELL", new ObjectMapper().readTree(ok.out()).get("devices").get(0).get("arch").asText());
    }

    @Test
    void nvidiaEatPrintsOneDetachedClaimSetPerDevice() throws Exception {
        Cli.Result r = verify("--evidence", gpus.toString(), "--policy", lax.toString(), "--json", "--format",
                "nvidia-eat");
        assertEquals(0, r.rc(), r.toString());
        JsonNode sets = new ObjectMapper().readTree(r.out());
        assertEquals(4, sets.size());
        JsonNode first = sets.get(0);
        assertEquals("3.0", first.get("x-nvidia-gpu-claims-version").asText());
        assertEquals("e97b23a1718095a0e9e35edca810768c70a6a5a389b705e753b197912bc11576", first.get("eat_nonce").asText());
        assertEquals("GH100 A01 GSP BROM", first.get("hwmodel").asText());
        assertEquals("unknown", first.get("x-nvidia-gpu-attestation-report-cert-chain").get("x-nvidia-cert-ocsp-status")
                .asText());
        assertEquals(false, first.get("x-nvidia-gpu-driver-rim-fetched").asBoolean());
        Cli.Result cpu = Cli.run("verify", "--tee", "sev-snp", "--evidence", gpus.toString(), "--format", "nvidia-eat");
        assertTrue(cpu.rc() != 0, cpu.toString());
    }

    @Test
    void showNamesTheSwitchFieldsAsASwitchsFields() throws Exception {
        Cli.Result r = Cli.run("show", "--tee", "nvidia-gpu", "--evidence", switches.toString(), "--json");
        assertEquals(0, r.rc(), r.toString());
        JsonNode report = new ObjectMapper().readTree(r.out()).get("devices").get(0).get("report");
        assertEquals("LS10", report.get("architecture").asText());
        assertEquals("96.10.55.00.01", report.get("vbiosVersion").asText());
        assertEquals("NV_SWITCH_BIOS_5612_0002_890_9610550001", report.get("vbiosRimId").asText());
        assertEquals("203eb31ad9ed0008", report.get("opaqueData").get("device_pdi").asText());
    }

    @Test
    void repeatedEvidenceIsForNvidiaListsOnly() {
        Cli.Result r = Cli.run("verify", "--tee", "sev-snp", "--evidence", gpus.toString(), "--evidence",
                gpus.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("only nvidia-gpu evidence lists may be joined"), r.err());
    }
}
