package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} and {@code verify} with {@code --tee auto} and with envelopes (issue 16): CoCo/trustee
 * and Veraison envelopes around simulated evidence verify, the detected format is named on standard
 * error and in the JSON, the envelope's nonce is checked (exit 5), and unknown or backend-less formats
 * are exit 6 naming what was tried. Before, every one of these files was exit 6 ("expected a 1184-byte
 * SNP report") and {@code --tee auto} was a usage error.
 */
class EnvelopeCommandsTest {
    @TempDir
    static Path dir;
    static Path sim;
    static byte[] report;
    static byte[] quote;

    @BeforeAll
    static void evidence() throws IOException {
        sim = dir.resolve("sim");
        assertEquals(0, Cli.run("simulator", "init", sim.toString()).rc());
        assertEquals(0, Cli.run("attest", "--simulate", sim.toString(), "--tee", "sev-snp", "--report-data", "00ff",
                "--out", dir.resolve("r.bin").toString(), "--certs-out", dir.resolve("c.pem").toString()).rc());
        assertEquals(0, Cli.run("attest", "--simulate", sim.toString(), "--tee", "tdx", "--report-data", "00ff",
                "--out", dir.resolve("q.dat").toString()).rc());
        report = Files.readAllBytes(dir.resolve("r.bin"));
        quote = Files.readAllBytes(dir.resolve("q.dat"));
    }

    private static String b64u(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Cli.Result verifySnp(String tee, Path evidence, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--evidence", evidence.toString(),
                "--cert", dir.resolve("c.pem").toString(), "--trust-root", sim.resolve("sev-snp-root.pem").toString(),
                "--collateral", sim.resolve("sev-snp-crl.der").toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    private static Cli.Result verifyTdx(String tee, Path evidence, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--evidence", evidence.toString(),
                "--trust-root", sim.resolve("tdx-root.pem").toString(),
                "--collateral", sim.resolve("tdx-collateral.json").toString(), "--nonce", "00ff"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void trusteeTdxEvidenceVerifiesWithAutoAndWithItsTee() throws Exception {
        Path coco = write("coco-tdx.json", "{\"quote\":\"" + Base64.getEncoder().encodeToString(quote) + "\"}");
        Cli.Result r = verifyTdx("auto", coco);
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("tee4j: found Confidential Containers (trustee) TDX evidence JSON carrying tdx "
                + "evidence (--tee tdx)"), r.err());
        r = verifyTdx("auto", coco, "--json");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("\"detected\"") && r.out().contains("\"trustee-tdx\""), r.out());
        assertEquals(0, verifyTdx("tdx", coco).rc());
        Cli.Result wrongTee = Cli.run("show", "--tee", "sev-snp", "--evidence", coco.toString());
        assertEquals(6, wrongTee.rc());
        assertTrue(wrongTee.err().contains("use --tee tdx or --tee auto"), wrongTee.err());
    }

    @Test
    void veraisonTsmReportAndRatsdTokenVerifyAndTheNonceIsChecked() throws Exception {
        String tsm = "{\"outblob\":\"" + b64u(report) + "\",\"provider\":\"sev_guest\"}";
        Path tsmFile = write("tsm.json", tsm);
        Cli.Result r = verifySnp("auto", tsmFile);
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("Veraison configfs-tsm report (JSON) carrying sev-snp evidence"), r.err());
        byte[] nonce = new byte[64];
        nonce[1] = (byte) 0xff;
        String cmw = Base64.getEncoder().encodeToString(("{\"__cmwc_t\":\"tag:github.com,2025:veraison/ratsd/cmw\","
                + "\"tsm-report\":[\"application/vnd.veraison.tsm-report+json\",\"" + b64u(tsm.getBytes(
                StandardCharsets.UTF_8)) + "\"]}").getBytes(StandardCharsets.UTF_8));
        String token = "{\"eat_profile\":\"tag:github.com,2024:veraison/ratsd\",\"eat_nonce\":\"%s\",\"cmw\":\"" + cmw
                + "\"}";
        r = verifySnp("auto", write("token.json", String.format(token, b64u(nonce))), "--json");
        assertEquals(0, r.rc(), r.err() + r.out());
        assertTrue(r.out().contains("REPORT_DATA equals eat_nonce"), r.out());
        nonce[2] = 1;
        r = verifySnp("sev-snp", write("token-other.json", String.format(token, b64u(nonce))));
        assertEquals(5, r.rc(), r.err());
        assertTrue(r.err().contains("eat_nonce"), r.err());
    }

    @Test
    void showNamesTheFormatAndTheEnvelope() throws Exception {
        Path tsmFile = write("tsm-show.json", "{\"outblob\":\"" + b64u(report) + "\",\"provider\":\"sev_guest\"}");
        Cli.Result r = Cli.run("show", "--tee", "auto", "--evidence", tsmFile.toString(), "--json");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("\"envelope\"") && r.out().contains("\"tsm-report+json\"")
                && r.out().contains("\"measurement\""), r.out());
        r = Cli.run("show", "--tee", "auto", "--evidence", dir.resolve("q.dat").toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("found TDX quote (--tee tdx)"), r.err());
    }

    @Test
    void unknownAndBackendlessFormatsAreExitSixNamingWhatWasTried() throws Exception {
        Path azure = write("azure.json", "{\"version\":1,\"tpm_quote\":{},\"hcl_report\":\"\",\"vcek\":\"\"}");
        Cli.Result r = Cli.run("show", "--tee", "auto", "--evidence", azure.toString());
        assertEquals(6, r.rc());
        assertTrue(r.err().contains("--tee azure-snp-vtpm"), r.err());
        Path gpuList = write("gpu.json", "[{\"arch\":\"HOPPER\",\"evidence\":\"AAAA\",\"certificate\":\"AAAA\"}]");
        r = Cli.run("show", "--tee", "auto", "--evidence", gpuList.toString());
        assertEquals(6, r.rc());
        assertTrue(r.err().contains("NVIDIA evidence list (JSON) (--tee nvidia-gpu)"), r.err());
        Path junk = write("junk.bin", "just some text, not evidence");
        r = Cli.run("verify", "--tee", "auto", "--evidence", junk.toString());
        assertEquals(6, r.rc());
        assertTrue(r.err().contains("unknown evidence format; tried the envelopes"), r.err());
        r = Cli.run("verify", "--tee", "auto", "--evidence", junk.toString(), "--json");
        assertEquals(6, r.rc());
        String compact = r.out().replaceAll("\\s", "");
        assertTrue(compact.contains("\"tee\":\"auto\"") && compact.contains("\"exitCode\":6"), r.out());
    }
}
