package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code tee4j verify} (and {@code show}) tells a user when something is wrong: usage errors
 * that name the file and the reason once, a JSON answer for every failure class, help on every
 * subcommand, hints that name flags, the right {@code --tee} for misfiled evidence and the root
 * that verifies simulated evidence (issue 14 items 11, 15, 20 to 24 and 28).
 */
class VerifyMessagesTest {
    @TempDir
    static Path dir;
    static Path sim;
    static Map<String, List<String>> simulated;
    static Map<String, Path> samples;

    @BeforeAll
    static void evidence() throws IOException {
        sim = dir.resolve("sim");
        assertEquals(0, Cli.run("simulator", "init", sim.toString()).rc());
        Path r = dir.resolve("r.bin");
        Path c = dir.resolve("c.pem");
        Path q = dir.resolve("q.dat");
        Path t = dir.resolve("t.cbor");
        Path g = dir.resolve("g.bin");
        Path gc = dir.resolve("g.pem");
        attest("sev-snp", "00ff", r, c);
        attest("tdx", "00ff", q, null);
        attest("cca", "00ff", t, null);
        attest("nvidia-gpu", "01".repeat(32), g, gc);
        simulated = Map.of(
                "sev-snp", List.of("--evidence", r.toString(), "--cert", c.toString()),
                "tdx", List.of("--evidence", q.toString()),
                "cca", List.of("--evidence", t.toString()),
                "nvidia-gpu", List.of("--evidence", g.toString(), "--cert", gc.toString()));
        samples = Map.of(
                "sev-snp", Files.write(dir.resolve("genoa.bin"), DemoSamples.resource("snp/genoa-report.bin")),
                "tdx", Files.write(dir.resolve("quote.dat"), DemoSamples.resource("tdx/quote.dat")),
                "cca", Files.write(dir.resolve("token.cbor"), DemoSamples.resource("cca/token.cbor")),
                "nvidia-gpu", Files.write(dir.resolve("report.hex"), DemoSamples.resource("nvidia-gpu/report.hex")));
    }

    private static void attest(String tee, String reportData, Path out, Path certsOut) {
        List<String> args = new ArrayList<>(List.of("attest", "--simulate", sim.toString(), "--tee", tee,
                "--report-data", reportData, "--out", out.toString()));
        if (certsOut != null) {
            args.addAll(List.of("--certs-out", certsOut.toString()));
        }
        Cli.Result res = Cli.run(args.toArray(new String[0]));
        assertEquals(0, res.rc(), res.toString());
    }

    private static Cli.Result verify(String tee, List<String> evidence, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee));
        args.addAll(evidence);
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void anInstantOutsideTheYears1970To9999IsAUsageError() {
        // Issue 14 item 11: +1000000000-12-31T23:59:59Z was "internal error" and a stack trace.
        for (String at : List.of("+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z")) {
            Cli.Result r = verify("sev-snp", simulated.get("sev-snp"), "--at", at, "--offline");
            assertEquals(1, r.rc(), at + ": " + r);
            assertTrue(r.err().contains("--at") && r.err().contains("1970 to 9999"), r.err());
            assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
        }
        // The bounds themselves are instants one may verify at (the evidence is then judged).
        for (String at : List.of("1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            Cli.Result r = verify("sev-snp", simulated.get("sev-snp"), "--at", at, "--offline",
                    "--trust-root", sim.resolve("sev-snp-root.pem").toString());
            assertNotEquals(1, r.rc(), at + ": " + r);
        }
    }

    @Test
    void aFileThatHoldsNoCertificateIsAUsageErrorNamingItAndWhy() throws IOException {
        // Issue 14 item 15: a PNG as --trust-root exited 2, as --cert 1 with "Empty input".
        Path png = Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
            0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        Path emptyFile = Files.write(dir.resolve("empty.pem"), new byte[0]);
        for (String tee : simulated.keySet()) {
            Cli.Result r = verify(tee, simulated.get(tee), "--trust-root", png.toString());
            assertEquals(1, r.rc(), tee + ": " + r);
            assertTrue(r.err().contains("trust root " + png) && r.err().contains("PNG image"), r.err());
        }
        Cli.Result r = verify("sev-snp", simulated.get("sev-snp"), "--cert", png.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("certificate file " + png) && r.err().contains("not an X.509 certificate")
                && r.err().contains("PNG image"), r.err());
        assertFalse(r.err().contains("Empty input") || r.err().contains("java."), r.err());
        r = verify("nvidia-gpu", simulated.get("nvidia-gpu"), "--cert", emptyFile.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains(emptyFile.toString()) && r.err().contains("is empty"), r.err());
    }

    @Test
    void fileErrorsSayWhatIsWrongOnce() throws IOException {
        // Issue 14 item 22: "cannot read nope.bin: nope.bin", Java exception class names.
        Path missing = dir.resolve("nope.bin");
        Cli.Result r = Cli.run("verify", "--tee", "sev-snp", "--evidence", missing.toString());
        assertEquals(1, r.rc(), r.toString());
        assertEquals("tee4j: evidence " + missing + ": no such file\n", r.err());
        r = Cli.run("verify", "--tee", "sev-snp", "--evidence", dir.toString());
        assertEquals("tee4j: evidence " + dir + ": is a directory, not a file\n", r.err());
        r = verify("sev-snp", simulated.get("sev-snp"), "--policy", missing.toString());
        assertEquals("tee4j: policy " + missing + ": no such file\n", r.err());
        r = verify("sev-snp", simulated.get("sev-snp"), "--cert", dir.toString());
        assertEquals("tee4j: certificate file " + dir + ": is a directory, not a file\n", r.err());
        r = verify("sev-snp", simulated.get("sev-snp"), "--collateral", missing.toString());
        assertEquals("tee4j: collateral " + missing + ": no such file or directory\n", r.err());
        Path locked = Files.writeString(dir.resolve("locked.bin"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        if (!Files.isReadable(locked)) { // root reads everything
            r = Cli.run("verify", "--tee", "sev-snp", "--evidence", locked.toString());
            assertEquals("tee4j: evidence " + locked + ": permission denied\n", r.err());
        }
        r = Cli.run("show", "--tee", "tdx", "--evidence", missing.toString());
        assertEquals("tee4j: evidence " + missing + ": no such file\n", r.err());
    }

    @Test
    void collateralUrlsAreRefusedWithWhatToDoInstead() {
        // Issue 14 item 28: "--collateral https://…" said the file https:/… does not exist.
        Cli.Result r = verify("sev-snp", simulated.get("sev-snp"), "--collateral",
                "https://kdsintf.amd.com/vcek/v1/Genoa/crl");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("--collateral https://kdsintf.amd.com/vcek/v1/Genoa/crl: URLs are not accepted"),
                r.err());
        assertFalse(r.err().contains("does not exist"), r.err());
    }

    @Test
    void everySubcommandPrintsHelpForDashHAndDashDashHelp() {
        // Issue 14 item 21: "tee4j verify --help" said "Missing required options" and exited 1.
        List<List<String>> paths = new ArrayList<>();
        collect(Main.newCommandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 11, paths.toString());
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Cli.Result r = Cli.run(args.toArray(new String[0]));
                assertEquals(0, r.rc(), args + ": " + r);
                assertTrue(r.out().contains("Usage: tee4j " + String.join(" ", path)), args + ": " + r);
                assertEquals("", r.err(), args.toString());
            }
        }
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    private static JsonNode json(Cli.Result r) throws IOException {
        assertFalse(r.out().isBlank(), "JSON on standard output: " + r);
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void jsonIsPrintedForEveryFailureClass() throws IOException {
        // Issue 14 item 20: malformed evidence (6) printed nothing on stdout with --json.
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[1184 - 1]);
        String root = sim.resolve("tdx-root.pem").toString();
        Map<Integer, Cli.Result> byClass = Map.of(
                6, verify("sev-snp", List.of("--evidence", garbage.toString()), "--json"),
                2, verify("sev-snp", simulated.get("sev-snp"), "--json", "--offline"),
                3, verify("tdx", simulated.get("tdx"), "--json", "--offline", "--trust-root", root),
                4, verify("sev-snp", simulated.get("sev-snp"), "--json", "--offline", "--trust-root",
                        sim.resolve("sev-snp-root.pem").toString()),
                5, verify("tdx", simulated.get("tdx"), "--json", "--trust-root", root, "--collateral",
                        sim.resolve("tdx-collateral.json").toString(), "--nonce", "00fe"));
        for (Map.Entry<Integer, Cli.Result> e : byClass.entrySet()) {
            Cli.Result r = e.getValue();
            assertEquals(e.getKey(), r.rc(), r.toString());
            JsonNode n = json(r);
            assertFalse(n.get("verified").asBoolean(), r.toString());
            assertEquals(e.getKey(), n.get("exitCode").asInt(), r.toString());
            assertTrue(n.hasNonNull("failureClass") && n.hasNonNull("error"), r.toString());
        }
        Cli.Result ear = verify("sev-snp", List.of("--evidence", garbage.toString()), "--json", "--format", "ear");
        assertEquals(6, ear.rc(), ear.toString());
        assertEquals("contraindicated", json(ear).get("submods").get("cpu0").get("ear.status").asText());
    }

    @Test
    void evidenceGivenWithTheWrongTeeNamesTheRightOne() {
        // Issue 14 item 24: an SNP report given as TDX was called "an SGX quote".
        for (Map.Entry<String, Path> sample : samples.entrySet()) {
            String right = sample.getKey();
            for (String wrong : samples.keySet()) {
                if (wrong.equals(right)) {
                    continue;
                }
                for (String command : List.of("verify", "show")) {
                    Cli.Result r = Cli.run(command, "--tee", wrong, "--evidence", sample.getValue().toString());
                    assertEquals(6, r.rc(), command + " " + right + " as " + wrong + ": " + r);
                    assertTrue(r.err().contains("evidence; use --tee " + right), command + " " + right + " as " + wrong
                            + ": " + r.err());
                    assertFalse(r.err().contains("SGX quote"), r.err());
                }
            }
        }
    }

    @Test
    void simulatedEvidenceWithoutItsRootSaysWhichTrustRootToPass() {
        for (Map.Entry<String, List<String>> e : simulated.entrySet()) {
            String tee = e.getKey();
            Cli.Result r = verify(tee, e.getValue(), "--offline", "--no-revocation-check");
            assertTrue(r.rc() == 2 || r.rc() == 3, tee + ": " + r);
            assertTrue(r.err().contains("looks like simulated evidence")
                    && r.err().contains("--trust-root sim/" + tee + "-root.pem"), tee + ": " + r.err());
        }
        // Real evidence is never taken for simulated: the real Genoa report without its VCEK.
        Cli.Result r = Cli.run("verify", "--tee", "sev-snp", "--evidence", samples.get("sev-snp").toString(), "--offline");
        assertEquals(3, r.rc(), r.toString());
        assertFalse(r.err().contains("simulated"), r.err());
    }

    @Test
    void hintsNameCommandLineFlagsAndSayWhatAlreadyPassed() {
        // Issue 14 item 23: "skip revocation by name (RevocationMode.SKIP_INSECURE)".
        Cli.Result r = verify("sev-snp", simulated.get("sev-snp"), "--offline", "--trust-root",
                sim.resolve("sev-snp-root.pem").toString());
        assertEquals(4, r.rc(), r.toString());
        assertTrue(r.err().contains("--no-revocation-check") && r.err().contains("--collateral FILE"), r.err());
        assertFalse(r.err().contains("RevocationMode") || r.err().contains("by name"), r.err());
        // Exit 3 after the quote's signature and chain verified says so.
        r = verify("tdx", simulated.get("tdx"), "--offline", "--trust-root", sim.resolve("tdx-root.pem").toString());
        assertEquals(3, r.rc(), r.toString());
        assertTrue(r.err().contains("signature") && r.err().contains("did verify")
                && r.err().contains("only the collateral"), r.err());
        assertTrue(r.err().contains("--collateral FILE"), r.err());
        // ...and never when they did not: the simulated quote against Intel's root.
        r = verify("tdx", simulated.get("tdx"), "--offline");
        assertEquals(2, r.rc(), r.toString());
        assertFalse(r.err().contains("did verify"), r.err());
        // The same for a GPU whose report and device chain verified but whose RIMs are not at hand.
        r = verify("nvidia-gpu", simulated.get("nvidia-gpu"), "--offline", "--no-revocation-check",
                "--trust-root", sim.resolve("nvidia-gpu-root.pem").toString(),
                "--rim-trust-root", sim.resolve("nvidia-gpu-rim-root.pem").toString());
        assertEquals(3, r.rc(), r.toString());
        assertTrue(r.err().contains("device certificate chain did verify") && r.err().contains("(RIMs)"), r.err());
        r = verify("nvidia-gpu", simulated.get("nvidia-gpu"), "--offline", "--no-revocation-check");
        assertEquals(2, r.rc(), r.toString());
        assertFalse(r.err().contains("did verify"), r.err());
        // Warnings of a verified result name the flag too.
        r = Cli.run("verify", "--tee", "sev-snp", "--evidence", samples.get("sev-snp").toString(), "--cert",
                writeSample("genoa-vcek.der", "snp/genoa-vcek.der").toString(), "--at", "2025-09-01T00:00:00Z",
                "--offline", "--no-revocation-check");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("(--no-revocation-check)") && !r.out().contains("RevocationMode"), r.out());
        // A machine without a TEE: the simulators are named by flag.
        r = Cli.run("attest", "--tee", "auto", "--report-data", "00", "--out", dir.resolve("x.bin").toString());
        if (r.rc() == 7) {
            assertTrue(r.err().contains("--simulate DIR") && !r.err().contains("construct one by name"), r.err());
        }
    }

    @Test
    void theHeaderShowsIntelsExactTcbStatusBesideTheCommonOne() {
        // Issue 24 item 10: an operator needs Intel's status (TDRelaunchAdvised...), not only the common one.
        Cli.Result r = verify("tdx", simulated.get("tdx"), "--offline", "--trust-root",
                sim.resolve("tdx-root.pem").toString(), "--collateral", sim.resolve("tdx-collateral.json").toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("TCB status: UP_TO_DATE (Intel: UpToDate)"), r.out());
    }

    private static Path writeSample(String name, String resource) {
        try {
            return Files.write(dir.resolve(name), DemoSamples.resource(resource));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPolicyViolationIsPrintedOnce() throws IOException {
        // Issue 14 item 28: "policy violation: policy violation: ...".
        Cli.Result r = verify("tdx", simulated.get("tdx"), "--trust-root", sim.resolve("tdx-root.pem").toString(),
                "--collateral", sim.resolve("tdx-collateral.json").toString(), "--nonce", "00fe");
        assertEquals(5, r.rc(), r.toString());
        assertEquals("tee4j: policy violation: report data does not match the expected value\n", r.err());
        Path policy = Files.writeString(dir.resolve("two.json"), "{\"minimumTeeTcbSvn\": \"" + "ff".repeat(16)
                + "\", \"reportData\": \"" + "11".repeat(64) + "\"}");
        r = verify("tdx", simulated.get("tdx"), "--trust-root", sim.resolve("tdx-root.pem").toString(),
                "--collateral", sim.resolve("tdx-collateral.json").toString(), "--policy", policy.toString());
        assertEquals(5, r.rc(), r.toString());
        assertTrue(r.err().startsWith("tee4j: 2 policy violations:\n  - "), r.err());
        assertEquals(1, occurrences(r.err(), "report data does not match"), r.err());
        assertEquals(0, occurrences(r.err(), "policy violation: policy violation"), r.err());
    }

    @Test
    void jsonErrorsInTrustAnchorsAndCollateralCarryNoParserInternals() throws IOException {
        // Issue 14 item 28: Jackson's "at [Source: REDACTED (...); line: 1, column: 7]".
        Path bad = Files.writeString(dir.resolve("bad-anchors.json"), "{\"kty\": tru");
        Path dup = Files.writeString(dir.resolve("dup-anchors.json"), "{\"kty\": \"EC\", \"kty\": \"EC\"}");
        for (Cli.Result r : List.of(
                verify("cca", simulated.get("cca"), "--trust-root", bad.toString()),
                verify("cca", simulated.get("cca"), "--trust-root", dup.toString()),
                verify("cca", simulated.get("cca"), "--trust-root", sim.resolve("cca-root.pem").toString(),
                        "--collateral", bad.toString()))) {
            assertEquals(1, r.rc(), r.toString());
            assertTrue(r.err().contains("(line 1, column"), r.err());
            assertFalse(r.err().contains("[Source") || r.err().contains("StreamReadFeature"), r.err());
            assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        }
    }
}
