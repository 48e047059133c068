package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.measure.snp.IdAuthInfo;
import io.tee4j.measure.snp.IdBlock;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.tdx.validate.TdxPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tee4j measure}: outputs, exit codes, and that every --json fragment is a policy verify accepts. */
class MeasureCommandTest {
    private static final String SNP_KERNEL_0X21 =
            "803f691094946e42068aaa3a8f9e26a5c89f36f7b73ecfb28c653360fe4b3aba7e534442e7e1e17895dfe778d0228977";
    private static final String TDVF_SINGLE =
            "018f15a2fd74a045bc2f5c99e30e79ef28c1aa3d55a5ff0cc15630ef9e147d5a9f59f62de052e52f91fb760b1d9309c2";
    private static final String TDVF_TWO =
            "a581983ec5c9bb914176ca3e3681a25065b010b44127980c1743b6ec1196db0ca3f2a2a379ebaa8f6419067a44ac5ea7";

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyInputs() throws IOException {
        for (String f : new String[] {"ovmf_AmdSev_suffix.bin", "ovmf_OvmfX64_suffix.bin", "synthetic-tdvf-64k.bin",
            "test_id_key.pem", "test_auth_key.pem", "synthetic-bzimage-pe32plus.bin", "ccel_data.dat",
            "svsm-synthetic-16k.bin"}) {
            try (InputStream in = MeasureCommandTest.class.getResourceAsStream("measure/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        Files.write(dir.resolve("empty"), new byte[0]);
    }

    private static String f(String name) {
        return dir.resolve(name).toString();
    }

    /** Runs the command; returns {exit code, stdout, stderr}. */
    private static String[] run(String... args) {
        int[] rc = new int[1];
        String[] err = new String[1];
        String out = MainTest.captureOut(() -> err[0] = SealCommandTest.captureErr(() -> rc[0] = Main.run(args)));
        return new String[] {String.valueOf(rc[0]), out, err[0]};
    }

    private static String ok(String... args) {
        String[] r = run(args);
        assertEquals("0", r[0], r[2]);
        return r[1];
    }

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void sevSnpPrintsTheBareDigestOfSevSnpMeasuresVector() {
        String out = ok("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--vcpus", "1", "--vcpu-type",
                "EPYC-v4", "--guest-features", "0x21", "--kernel", f("empty"), "--initrd", f("empty"), "--append",
                "console=ttyS0 loglevel=7");
        assertEquals(SNP_KERNEL_0X21 + "\n", out);
        String b64 = ok("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--vcpu-sig", "0x800f12",
                "--guest-features", "0x21", "--kernel", f("empty"), "--initrd", f("empty"), "--append",
                "console=ttyS0 loglevel=7", "--output-format", "base64");
        assertArrayEquals(java.util.HexFormat.of().parseHex(SNP_KERNEL_0X21), Base64.getDecoder().decode(b64.trim()));
        assertEquals("086e2e9149ebf45abdc3445fba5b2da8270bdbb04094d7a2c37faaa4b24af3aa16aff8c374c2a55c467a50da6d466b74\n",
                ok("measure", "sev-snp", "--mode", "snp:ovmf-hash", "--ovmf", f("ovmf_AmdSev_suffix.bin")));
        assertEquals("5da7106cf14cf46b1725ebab123eb9e53bd46a1e9f400cd0c08e7827b04b688ea8b4e403c8404efed4397ea5d5d0722e\n",
                ok("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--vmm-type", "gce", "--kernel", f("empty"),
                        "--initrd", f("empty"), "--append", ""));
    }

    @Test
    void sevSnpJsonIsAnSnpPolicy() throws Exception {
        String out = ok("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--vcpu-type", "EPYC-v4",
                "--guest-features", "0x21", "--kernel", f("empty"), "--initrd", f("empty"), "--append",
                "console=ttyS0 loglevel=7", "--json");
        assertEquals(SNP_KERNEL_0X21, json(out).get("measurements").get(0).asText());
        SnpPolicy.fromDocument(VerifyCommand.parsePolicy(out.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sevSnpErrorsHaveTheirExitCodes() throws IOException {
        String[] r = run("measure", "sev-snp", "--ovmf", f("ovmf_OvmfX64_suffix.bin"), "--vcpu-type", "EPYC-v4",
                "--kernel", f("empty"));
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("doesn't include SNP_KERNEL_HASHES"), r[2]);
        r = run("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"));
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--vcpu-type or --vcpu-sig"), r[2]);
        assertEquals("1", run("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--mode", "sev", "--json")[0]);
        assertEquals("1", run("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--vcpu-type", "EPYC-Nope")[0]);
        assertEquals("1", run("measure", "sev-snp", "--ovmf", f("nonexistent"), "--vcpu-type", "EPYC-v4")[0]);
        r = run("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--vcpu-type", "EPYC-v4", "--kernel",
                f("nonexistent"));
        assertEquals("1", r[0]);
        assertTrue(!r[2].contains("internal error") && r[2].contains("cannot read"), r[2]);
        assertEquals("1", run("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--vcpu-type", "EPYC-v4",
                "--vcpu-sig", "0x1")[0]);
        byte[] bad = Files.readAllBytes(dir.resolve("ovmf_AmdSev_suffix.bin"));
        bad[bad.length - 50] = (byte) 0xFF;
        bad[bad.length - 49] = (byte) 0xFF;
        Files.write(dir.resolve("bad-footer.bin"), bad);
        r = run("measure", "sev-snp", "--ovmf", f("bad-footer.bin"), "--vcpu-type", "EPYC-v4");
        assertEquals("6", r[0], r[2]);
        assertTrue(r[2].contains("malformed evidence"), r[2]);
    }

    @Test
    void idBlockWritesTheLaunchParametersAndItsJsonIsAnSnpPolicy() throws Exception {
        String ld = "a14d638341e5674628fe1e02fbedebe5e5ab4faf1dd72d8966068e615bb99efd13d214b35c231715b38e263dc6059745";
        Path out = dir.resolve("launch");
        String text = ok("measure", "sev-snp", "id-block", "--measurement", ld, "--id-key", f("test_id_key.pem"),
                "--author-key", f("test_auth_key.pem"), "--out", out.toString());
        assertTrue(text.contains("id-key-digest 59fb2c686dfa4fef49f38339aa775c90051c28d57383ddc3baf3b5eb4b1496df"
                + "3b0dbbdcbae5fe27677a644820773fe2\n"), text);
        assertTrue(text.contains("author-key-enabled on\n"), text);
        assertEquals("oU1jg0HlZ0Yo/h4C++3r5eWrT68d1y2JZgaOYVu5nv0T0hSzXCMXFbOOJj3GBZdFAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAAABAAAAAAAAAAAAAwAAAAAA", Files.readString(out.resolve("id-block.b64")).trim());
        IdBlock block = IdBlock.parse(Files.readAllBytes(out.resolve("id-block.bin")));
        assertTrue(IdAuthInfo.parse(Files.readAllBytes(out.resolve("id-auth.bin"))).verify(block));
        String policy = ok("measure", "sev-snp", "id-block", "--measurement", ld, "--id-key", f("test_id_key.pem"),
                "--author-key", f("test_auth_key.pem"), "--image-id", "01".repeat(16), "--out", out.toString(), "--json");
        JsonNode p = json(policy);
        assertEquals(ld, p.get("measurements").get(0).asText());
        assertTrue(p.get("requireIdBlock").asBoolean() && p.get("requireAuthorKey").asBoolean());
        SnpPolicy.fromDocument(VerifyCommand.parsePolicy(policy.getBytes(StandardCharsets.UTF_8)));
        assertEquals("1", run("measure", "sev-snp", "id-block", "--measurement", "abcd", "--id-key", f("test_id_key.pem"),
                "--out", out.toString())[0]);
        assertEquals("1", run("measure", "sev-snp", "id-block", "--measurement", ld, "--id-key", f("empty"),
                "--out", out.toString())[0]);
    }

    @Test
    void tdxPrintsMrtdAndDerivableRtmrs() throws Exception {
        assertEquals("mrtd " + TDVF_SINGLE + "\n", ok("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin")));
        assertEquals(TDVF_TWO + "\n", ok("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin"), "--order",
                "two-pass", "--field", "mrtd"));
        String lines = ok("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin"), "--kernel",
                f("synthetic-bzimage-pe32plus.bin"), "--initrd", f("test_id_key.pem"), "--append", "console=hvc0");
        assertTrue(lines.matches("mrtd " + TDVF_SINGLE + "\nrtmr1 [0-9a-f]{96}\nrtmr2 [0-9a-f]{96}\n"), lines);
        String policy = ok("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin"), "--kernel",
                f("synthetic-bzimage-pe32plus.bin"), "--json");
        JsonNode p = json(policy);
        assertEquals(TDVF_SINGLE, p.get("mrtd").get(0).asText());
        assertEquals(96, p.get("rtmr1").asText().length());
        TdxPolicy.fromDocument(VerifyCommand.parsePolicy(policy.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tdxErrorsHaveTheirExitCodes() {
        String[] r = run("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin"), "--field", "rtmr1");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("needs --kernel"), r[2]);
        assertEquals("1", run("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin"), "--field", "rtmr0")[0]);
        assertEquals("1", run("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin"), "--order", "three-pass")[0]);
        assertEquals("6", run("measure", "tdx", "--firmware", f("ovmf_OvmfX64_suffix.bin"))[0]);
        assertEquals("6", run("measure", "tdx", "--firmware", f("synthetic-tdvf-64k.bin"), "--kernel", f("empty"))[0]);
    }

    @Test
    void ccaPrintsTheRimAtItsDigestLengthAndItsJsonIsACcaPolicy() throws Exception {
        String rim = "6739dfb22b75ee1268d08dfa8369f501bc0b066243553f069f560d1fa1172973";
        assertEquals(rim + "\n", ok("measure", "cca", "--ipa-bits", "48", "--hash", "sha256"));
        String policy = ok("measure", "cca", "--ipa-bits", "48", "--json");
        assertEquals(rim, json(policy).get("allowedInitialMeasurements").get(0).asText());
        CcaPolicy.fromDocument(VerifyCommand.parsePolicy(policy.getBytes(StandardCharsets.UTF_8)));
        String full = ok("measure", "cca", "--ipa-bits", "40", "--hash", "sha512", "--ram", "0x80000000:2M", "--data",
                "0x80000000:" + f("synthetic-bzimage-pe32plus.bin"), "--rec-pc", "0x80000000", "--rec-gpr", "0x80100000");
        assertEquals(129, full.length());
        assertEquals("1", run("measure", "cca", "--ipa-bits", "60")[0]);
        assertEquals("1", run("measure", "cca", "--ipa-bits", "48", "--ram", "nonsense")[0]);
        assertEquals("1", run("measure", "cca", "--ipa-bits", "48", "--rec-gpr", "1")[0]);
        assertEquals("1", run("measure", "cca")[0]);
    }

    @Test
    void measureWithoutATeeIsAUsageErrorAndHelpIsThere() {
        assertEquals("1", run("measure")[0]);
        assertTrue(ok("measure", "help", "tdx").contains("--order"));
        assertTrue(ok("measure", "sev-snp", "help", "id-block").contains("--id-key"));
    }

    @Test
    void svsmModeTakesSevSnpMeasuresOptionNames() throws Exception {
        String[] base = {"measure", "sev-snp", "--mode", "snp:svsm", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--svsm",
            f("svsm-synthetic-16k.bin"), "--vcpu-type", "EPYC-v4"};
        assertEquals("567dbefaa47fd88e91821ada9a26d4cb9d77eabb7c13759635e944fe8d3d3e513826063972bff051305daa15d76d8c45\n",
                ok(concat(base, "--vars-size", "540672")));
        Files.write(dir.resolve("OVMF_VARS.fd"), new byte[540672]);
        assertEquals("92269cd28160575aa9b31c3144d101858eb8d87a3714fcaf3e9b37e709a0a245250369eb8fcc76582f69f9e40dfaba8e\n",
                ok(concat(base, "--vars-file", f("OVMF_VARS.fd"), "--vcpus", "4")));
        assertEquals("1", run(base)[0]);
        assertEquals("1", run(concat(base, "--vars-size", "1", "--vars-file", f("OVMF_VARS.fd")))[0]);
        assertEquals("1", run("measure", "sev-snp", "--ovmf", f("ovmf_AmdSev_suffix.bin"), "--svsm",
                f("svsm-synthetic-16k.bin"), "--vars-size", "1", "--vcpu-type", "EPYC-v4")[0]);
    }

    @Test
    void tdxEventLogReplayLabelsEveryEventAndPrintsTheReplayedRtmrs() throws Exception {
        byte[] log = Files.readAllBytes(dir.resolve("ccel_data.dat"));
        io.tee4j.measure.tdx.EventLogReplay want = io.tee4j.measure.tdx.EventLogReplay.replay(
                io.tee4j.measure.tdx.CcEventLog.parse(log), java.util.List.of());
        String[] lines = ok("measure", "tdx", "--event-log", f("ccel_data.dat")).split("\n");
        assertEquals(43 + 4, lines.length);
        for (int i = 0; i < 4; i++) {
            assertEquals("rtmr" + i + " " + MeasureOutput.hex(want.rtmr(i)), lines[43 + i]);
        }
        assertTrue(String.join("\n", lines).contains(io.tee4j.measure.tdx.ReplayedEvent.EVENT_DATA), lines[5]);
        JsonNode j = json(ok("measure", "tdx", "--event-log", f("ccel_data.dat"), "--json"));
        assertEquals(43, j.get("events").size());
        assertEquals(MeasureOutput.hex(want.rtmr(2)), j.get("rtmr2").asText());
        assertEquals("1", run("measure", "tdx", "--event-log", f("ccel_data.dat"), "--field", "rtmr1")[0]);
        assertEquals("6", run("measure", "tdx", "--event-log", f("svsm-synthetic-16k.bin"))[0]);
        assertEquals("1", run("measure", "tdx")[0]);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
