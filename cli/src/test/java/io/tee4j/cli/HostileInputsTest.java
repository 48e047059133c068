package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand driven with hostile inputs (issue 14 item 19): garbage, empty and oversized
 * files, directories and missing files where files are expected, huge numbers, bad instants, an
 * unknown TEE, missing options. Each run must end with a one-line error and an exit code from 1
 * to 7: never 0, never "internal error", never a stack trace or a Java exception's class name.
 *
 * <p>{@code serve} runs in a JVM of its own, killed after 20 s, so that a hostile option it
 * wrongly accepts shows up as a failure ("still running") instead of hanging the build.
 */
class HostileInputsTest {
    private static final Pattern STACK_FRAME = Pattern.compile("\\n\\s+at [\\w.$]+\\(");
    private static final Pattern EXCEPTION_CLASS = Pattern.compile("\\b(java|javax|sun|com|org|io)\\.[\\w.$]*(Exception|Error)\\b");

    @TempDir
    static Path dir;
    static Path garbage;
    static Path empty;
    static Path directory;
    static Path missing;
    static Path png;
    static Path hugeNumber;
    static Path tooLarge;
    static Path badJson;
    static Path sim;
    static Path simEvidence;

    @BeforeAll
    static void files() throws IOException {
        byte[] random = new byte[5000];
        new Random(14).nextBytes(random);
        garbage = Files.write(dir.resolve("garbage.bin"), random);
        empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        directory = Files.createDirectory(dir.resolve("a-directory"));
        missing = dir.resolve("no-such-file.bin");
        png = Files.write(dir.resolve("picture.png"), concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                random));
        hugeNumber = Files.writeString(dir.resolve("huge-number.txt"), "9".repeat(1_000_000));
        tooLarge = Files.write(dir.resolve("too-large.bin"), new byte[(int) InputFiles.MAX_FILE_BYTES + 1]);
        badJson = Files.writeString(dir.resolve("bad.json"), "{\"a\": [1, 2");
        sim = dir.resolve("sim");
        Cli.Result init = Cli.run("simulator", "init", sim.toString());
        assertTrue(init.rc() == 0, init.toString());
        simEvidence = dir.resolve("r.bin");
        Cli.Result attest = Cli.run("attest", "--simulate", sim.toString(), "--tee", "sev-snp", "--report-data", "00",
                "--out", simEvidence.toString());
        assertTrue(attest.rc() == 0, attest.toString());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<Path> hostileFiles() {
        return List.of(garbage, empty, directory, missing, png, hugeNumber, tooLarge, badJson);
    }

    private static final List<String> TEES = List.of("sev-snp", "tdx", "cca", "nvidia-gpu");
    private static final List<String> BAD_INSTANTS = List.of("yesterday", "+1000000000-12-31T23:59:59Z",
            "-1000000000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "2024-13-01T00:00:00Z", "");
    private static final String HUGE_HEX = "ab".repeat(1 << 19);

    @TestFactory
    Stream<DynamicTest> verifyAndShow() {
        List<List<String>> runs = new ArrayList<>();
        for (String tee : TEES) {
            for (Path f : hostileFiles()) {
                runs.add(List.of("verify", "--tee", tee, "--evidence", f.toString()));
                runs.add(List.of("verify", "--tee", tee, "--evidence", f.toString(), "--json"));
                runs.add(List.of("verify", "--tee", tee, "--evidence", f.toString(), "--json", "--format", "ear"));
                runs.add(List.of("show", "--tee", tee, "--evidence", f.toString()));
                runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--cert", f.toString()));
                runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--trust-root",
                        f.toString()));
                runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--policy",
                        f.toString()));
                runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--collateral",
                        f.toString(), "--offline"));
            }
            runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--collateral",
                    dir.toString(), "--offline"));
            runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--collateral",
                    "https://example.com/crl"));
            runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--nonce", HUGE_HEX));
            runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--nonce", "zz"));
            runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--nonce",
                    "z".repeat(100_000)));
            for (String at : BAD_INSTANTS) {
                runs.add(List.of("verify", "--tee", tee, "--evidence", simEvidence.toString(), "--at", at));
            }
        }
        runs.add(List.of("verify", "--tee", "sgx", "--evidence", simEvidence.toString()));
        runs.add(List.of("verify", "--tee", "", "--evidence", simEvidence.toString()));
        runs.add(List.of("verify", "--evidence", simEvidence.toString()));
        runs.add(List.of("verify", "--tee", "sev-snp"));
        runs.add(List.of("verify", "--tee", "sev-snp", "--evidence", simEvidence.toString(), "--format", "xml"));
        runs.add(List.of("verify", "--tee", "sev-snp", "--evidence", simEvidence.toString(), "--cache-dir",
                garbage.toString()));
        runs.add(List.of("verify", "--tee", "sev-snp", "--evidence", "bad\u0000name"));
        runs.add(List.of("show", "--tee", "sgx", "--evidence", simEvidence.toString()));
        runs.add(List.of("show"));
        return runs.stream().map(args -> DynamicTest.dynamicTest(String.join(" ", args), () -> inProcess(args)));
    }

    @TestFactory
    Stream<DynamicTest> attestAndSimulator() throws IOException {
        Path out = dir.resolve("evidence.out");
        Path seedless = Files.createDirectories(dir.resolve("seedless"));
        Path badSeed = Files.createDirectories(dir.resolve("bad-seed"));
        Files.writeString(badSeed.resolve(Simulators.SEED), "not hex\n");
        Files.writeString(badSeed.resolve(Simulators.CREATED), "not an instant\n");
        List<List<String>> runs = new ArrayList<>();
        for (Path f : hostileFiles()) {
            runs.add(List.of("attest", "--simulate", f.toString(), "--tee", "sev-snp", "--report-data", "00", "--out",
                    out.toString()));
        }
        for (Path f : List.of(garbage, directory, missing, png, hugeNumber, tooLarge)) {
            // Report data is at most 64 bytes; a short file is a valid nonce.
            runs.add(List.of("attest", "--simulate", sim.toString(), "--tee", "tdx", "--nonce-file", f.toString(),
                    "--out", out.toString()));
        }
        for (Path f : List.of(garbage, empty, png, badJson)) {
            // A simulator directory below a regular file cannot be made.
            runs.add(List.of("simulator", "init", f.resolve("sub").toString()));
        }
        for (String tee : TEES) {
            runs.add(List.of("attest", "--simulate", sim.toString(), "--tee", tee, "--report-data", HUGE_HEX, "--out",
                    out.toString()));
            runs.add(List.of("attest", "--simulate", sim.toString(), "--tee", tee, "--report-data", "xyz", "--out",
                    out.toString()));
            runs.add(List.of("attest", "--simulate", sim.toString(), "--tee", tee, "--report-data", "00", "--out",
                    directory.toString()));
        }
        runs.add(List.of("attest", "--simulate", seedless.toString(), "--tee", "cca", "--report-data", "00", "--out",
                out.toString()));
        runs.add(List.of("attest", "--simulate", badSeed.toString(), "--tee", "cca", "--report-data", "00", "--out",
                out.toString()));
        runs.add(List.of("attest", "--simulate", sim.toString(), "--tee", "sgx", "--report-data", "00", "--out",
                out.toString()));
        runs.add(List.of("attest", "--tee", "auto", "--report-data", "00", "--out", out.toString()));
        runs.add(List.of("attest", "--simulate", sim.toString(), "--tee", "tdx", "--out", out.toString()));
        runs.add(List.of("simulator", "init", sim.toString()));
        runs.add(List.of("simulator", "init", garbage.toString()));
        runs.add(List.of("simulator"));
        runs.add(List.of("simulator", "destroy", sim.toString()));
        return runs.stream().map(args -> DynamicTest.dynamicTest(String.join(" ", args), () -> inProcess(args)));
    }

    @TestFactory
    Stream<DynamicTest> sealAndUnseal() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "secret");
        Path out = dir.resolve("sealed.out");
        Path key = Files.writeString(dir.resolve("key.hex"), "00".repeat(32));
        List<List<String>> runs = new ArrayList<>();
        for (Path f : List.of(directory, missing)) {
            // Any bytes are plaintext; only what is not a readable file is hostile to --in.
            runs.add(List.of("seal", "--key-source", "released", "--key-file", key.toString(), "--in", f.toString(),
                    "--out", out.toString()));
        }
        for (Path f : hostileFiles()) {
            runs.add(List.of("seal", "--key-source", "released", "--key-file", f.toString(), "--in", plain.toString(),
                    "--out", out.toString()));
            runs.add(List.of("unseal", "--key-file", key.toString(), "--in", f.toString(), "--out", out.toString()));
            runs.add(List.of("unseal", "--sim-dir", f.toString(), "--in", garbage.toString(), "--out", out.toString()));
        }
        runs.add(List.of("seal", "--key-source", "bogus", "--in", plain.toString(), "--out", out.toString()));
        runs.add(List.of("seal", "--key-source", "released", "--key-file", key.toString(), "--bind", "nonsense",
                "--in", plain.toString(), "--out", out.toString()));
        runs.add(List.of("seal", "--key-source", "simulated", "--sim-dir", garbage.toString(), "--in",
                plain.toString(), "--out", out.toString()));
        runs.add(List.of("seal", "--key-source", "released", "--key-env", "TEE4J_NO_SUCH_VARIABLE", "--in",
                plain.toString(), "--out", out.toString()));
        runs.add(List.of("seal", "--key-source", "released", "--key-file", key.toString(), "--in", plain.toString(),
                "--out", directory.toString()));
        runs.add(List.of("seal", "--in", plain.toString()));
        runs.add(List.of("unseal", "--in", garbage.toString()));
        return runs.stream().map(args -> DynamicTest.dynamicTest(String.join(" ", args), () -> inProcess(args)));
    }

    @TestFactory
    Stream<DynamicTest> otherCommands() {
        List<List<String>> runs = List.of(
                List.of(),
                List.of("bogus"),
                List.of("demo", "--bogus"),
                List.of("completion", "extra"),
                List.of("version", "extra"),
                List.of("help", "bogus"),
                List.of("--bogus"));
        return runs.stream().map(args -> DynamicTest.dynamicTest("[" + String.join(" ", args) + "]",
                () -> inProcess(args)));
    }

    @TestFactory
    Stream<DynamicTest> serve() throws IOException {
        List<List<String>> runs = new ArrayList<>(List.of(
                List.of("serve", "--port", "99999"),
                List.of("serve", "--port", "-5"),
                List.of("serve", "--port", "eighty"),
                List.of("serve", "--port", "0", "--concurrency", "0"),
                List.of("serve", "--port", "0", "--concurrency", "-1"),
                List.of("serve", "--port", "0", "--max-body-bytes", "-1"),
                List.of("serve", "--port", "0", "--max-body-bytes", "99999999999999999999"),
                List.of("serve", "--port", "0", "--token-file", missing.toString()),
                List.of("serve", "--port", "0", "--token-file", directory.toString()),
                List.of("serve", "--port", "0", "--bind", "999.1.1.1"),
                List.of("serve", "--port", "0", "--bind", "0.0.0.0"),
                List.of("serve", "--port", "0", "--simulate", missing.toString()),
                List.of("serve", "--port", "0", "--collateral", "sgx=" + garbage),
                List.of("serve", "--port", "0", "--collateral", missing.toString())));
        ServerSocket busy = new ServerSocket(0);
        String busyPort = String.valueOf(busy.getLocalPort());
        runs.add(List.of("serve", "--port", busyPort));
        return Stream.concat(runs.stream().map(args -> DynamicTest.dynamicTest(String.join(" ", args),
                () -> inOwnJvm(args))), Stream.of(DynamicTest.dynamicTest("release the busy port", busy::close)));
    }

    private static void inProcess(List<String> args) {
        check(args, Cli.run(args.toArray(new String[0])));
    }

    private static void inOwnJvm(List<String> args) throws IOException, InterruptedException {
        Cli.Result r = Cli.runProcess(Duration.ofSeconds(20), dir, args.toArray(new String[0]));
        assertTrue(r.rc() != -1, "still running after 20 s (the hostile input was accepted): " + r);
        check(args, r);
    }

    static void check(List<String> args, Cli.Result r) {
        String what = String.join(" ", args) + "\n" + r;
        assertTrue(r.rc() >= 1 && r.rc() <= 7, "exit code 1..7 expected: " + what);
        assertTrue(!r.all().contains("internal error"), "internal error: " + what);
        assertTrue(!STACK_FRAME.matcher(r.all()).find(), "stack trace: " + what);
        assertTrue(!EXCEPTION_CLASS.matcher(r.all()).find(), "Java exception class in the message: " + what);
        assertTrue(r.err().length() < 20_000, "an error message, not a dump: " + r.err().length() + " characters");
        assertTrue(!r.err().contains("z".repeat(1000)) && !r.err().contains("ab".repeat(1000)), "the input is not echoed");
        assertTrue(!r.all().contains(new String(new char[] {'9'}).repeat(1000)), "the huge input is not echoed");
        // An EAR carries the raw evidence, so output is bounded by the inputs, not by a constant.
        assertTrue(r.all().getBytes(StandardCharsets.UTF_8).length < 4 * InputFiles.MAX_FILE_BYTES, "bounded output");
    }
}
