package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The plain {@code verify} forms run without picocli ({@link VerifyFastPath}, issue 23 section 2):
 * every command line must give the same exit code, standard output and standard error as picocli
 * gives it, successes, failures of every class and usage errors alike, and every other form must
 * go to picocli untouched.
 */
class VerifyFastPathTest {
    @TempDir
    static Path dir;
    static String report;
    static String vcek;
    static String quote;
    static String collateral;
    static String policy;

    @BeforeAll
    static void samples() throws Exception {
        report = unpack("snp/milan-report.bin");
        vcek = unpack("snp/milan-vcek.der");
        quote = unpack("tdx/quote.dat");
        collateral = unpack("tdx/collateral.json");
        policy = Files.writeString(dir.resolve("policy.json"), "{\"minimumTcbStatus\": \"UpToDate\", \"debugAllowed\": true}")
                .toString();
    }

    private static List<String> snp(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", "sev-snp", "--evidence", report, "--cert", vcek,
                "--at", "2025-08-01T00:00:00Z", "--offline", "--no-revocation-check"));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> tdx(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", "tdx", "--evidence", quote, "--collateral", collateral,
                "--offline"));
        args.addAll(List.of(more));
        return args;
    }

    /** Command lines the fast path takes: successes, each failure class and the command's own usage errors. */
    private static List<List<String>> plainForms() {
        String at = "2025-07-04T10:24:00Z";
        String missing = dir.resolve("no-such-file").toString();
        return List.of(
                snp(), snp("--json"), snp("--format", "ear", "--json"), snp("--format", "ear"),
                tdx("--at", at), tdx("--at", at, "--json"), tdx("--json", "--at", at, "--format", "native"),
                tdx("--at", "2031-01-01T00:00:00Z"), tdx("--at", "2031-01-01T00:00:00Z", "--json"),
                tdx("--at", "yesterday"), tdx("--at", at, "--nonce", "00ff"), tdx("--at", at, "--nonce", "zz"),
                tdx("--at", at, "--policy", policy), tdx("--at", at, "--policy", missing),
                tdx("--at", at, "--format", "jwt"), tdx("--at", at, "--format", "ear-jwt"),
                tdx("--at", at, "--trust-root", vcek), tdx("--at", at, "--trust-root", missing),
                tdx("--at", at, "--collateral", "https://example.com/c.json"), tdx("--at", at, "--cache-dir", dir.toString()),
                snp("--nonce", "00"), snp("--rim-trust-root", vcek), snp("--reference-manifest", missing),
                snp("--gpu-evidence", missing), snp("--signing-key", missing),
                List.of("verify", "--tee", "tdx", "--evidence", report, "--offline"),
                List.of("verify", "--tee", "sev-snp", "--evidence", quote, "--offline", "--json"),
                List.of("verify", "--tee", "auto", "--evidence", quote, "--collateral", collateral, "--offline", "--at", at),
                List.of("verify", "--tee", "auto", "--evidence", vcek, "--offline", "--json"),
                List.of("verify", "--tee", "no-such-tee", "--evidence", quote),
                List.of("verify", "--tee", "tdx", "--evidence", missing, "--offline"),
                List.of("verify", "--tee", "sev-snp", "--evidence", report, "--evidence", report, "--offline"),
                List.of("verify", "--tee", "ibm-se", "--evidence", report, "--request", missing, "--arpk", missing,
                        "--se-header", missing, "--offline"),
                List.of("verify", "--tee", "nvidia-gpu", "--evidence", missing, "--gpu-policy", missing,
                        "--gpu-trust-root", missing, "--gpu-collateral", missing, "--offline"));
    }

    /** Command lines only picocli reads: what it does with them (help, errors) must not change. */
    private static List<List<String>> otherForms() {
        String at = "2025-07-04T10:24:00Z";
        return List.of(
                List.of("verify"), List.of("verify", "--help"), List.of("verify", "-h"), tdx("--at=" + at),
                tdx("--at", at, "--json", "--json"), tdx("--at", "a", "--at", "b"), tdx("--at"), tdx("--at", "--json"),
                tdx("--at", ""), tdx("--at", at, "--nonce", "-1"), tdx("--at", at, "--policy", "@" + policy),
                tdx("--at", at, "@" + policy), tdx("--at", at, "--pccs-url", "https://pccs.example"),
                tdx("--at", at, "--config", policy), tdx("--at", at, "extra"), tdx("--at", at, "--"),
                tdx("--at", at, "--OFFLINE"), tdx("--at", at, "--off"), tdx("--at", at, "--tee", "tdx"),
                tdx("--at", at, "--policy", "a\0b"),
                List.of("verify", "--evidence", quote), List.of("verify", "--tee", "tdx"),
                List.of("VERIFY", "--tee", "tdx", "--evidence", quote), List.of("--offline", "verify", "--tee", "tdx"));
    }

    @Test
    void plainFormsRunWithoutPicocliAndAnswerExactlyAsPicocliDoes() {
        for (List<String> form : plainForms()) {
            String[] args = form.toArray(new String[0]);
            assertNotNull(VerifyFastPath.parse(args), String.join(" ", form));
            String fast = captured(args, Main::run);
            assertEquals(captured(args, Main::runWithPicocli), fast, String.join(" ", form));
            assertFalse(fast.contains("internal error"), fast);
        }
    }

    @Test
    void everyOtherFormIsLeftToPicocli() {
        for (List<String> form : otherForms()) {
            String[] args = form.toArray(new String[0]);
            assertNull(VerifyFastPath.parse(args), String.join(" ", form));
            assertEquals(captured(args, Main::runWithPicocli), captured(args, Main::run), String.join(" ", form));
        }
        System.setProperty("picocli.trace", "OFF");
        try {
            assertNull(VerifyFastPath.parse(snp().toArray(new String[0])), "a picocli.* system property");
        } finally {
            System.clearProperty("picocli.trace");
        }
    }

    /**
     * The option names the fast path reads are verify's own, with the same kind (flag, one value,
     * repeatable): a renamed or retyped option would otherwise be read here and refused by picocli.
     * The mixin's collateral service options are left to picocli. No option but {@code --format}
     * may have a default value (the fast path sets only that one).
     */
    @Test
    void theFastPathKnowsVerifysOptionsUnderTheirPicocliNamesAndKinds() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new VerifyCommand()).getCommandSpec();
        Set<String> mixin = new CommandLine(new CollateralOptions()).getCommandSpec().options().stream()
                .flatMap(o -> Arrays.stream(o.names())).collect(Collectors.toSet());
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                if (mixin.contains(name) || name.equals("-h") || name.equals("--help")) {
                    continue;
                }
                names.add(name);
                // The fast path applies --format's default only: any other default would be lost there.
                assertTrue(o.defaultValue() == null || name.equals("--format"), name + " has a default value");
                String kind = o.arity().max() == 0 ? "flag" : o.isMultiValue() ? "repeatable" : "single";
                assertEquals(kind, FAST_PATH_KINDS.get(name), name);
            }
        }
        assertEquals(new TreeSet<>(FAST_PATH_KINDS.keySet()), names);
        String[] args = snp("--json").toArray(new String[0]);
        VerifyCommand parsed = VerifyFastPath.parse(args);
        assertEquals("native", parsed.format, "the --format default");
        assertTrue(parsed.offline && parsed.noRevocationCheck && parsed.json);
    }

    private static final Map<String, String> FAST_PATH_KINDS = Map.ofEntries(
            Map.entry("--offline", "flag"), Map.entry("--no-revocation-check", "flag"), Map.entry("--json", "flag"),
            Map.entry("--tee", "single"), Map.entry("--at", "single"), Map.entry("--nonce", "single"),
            Map.entry("--format", "single"), Map.entry("--policy", "single"), Map.entry("--reference-manifest", "single"),
            Map.entry("--cache-dir", "single"), Map.entry("--signing-key", "single"), Map.entry("--gpu-policy", "single"),
            Map.entry("--request", "single"), Map.entry("--arpk", "single"), Map.entry("--se-header", "single"),
            Map.entry("--evidence", "repeatable"), Map.entry("--cert", "repeatable"), Map.entry("--collateral", "repeatable"),
            Map.entry("--trust-root", "repeatable"), Map.entry("--rim-trust-root", "repeatable"),
            Map.entry("--gpu-evidence", "repeatable"), Map.entry("--gpu-trust-root", "repeatable"),
            Map.entry("--gpu-collateral", "repeatable"));

    /**
     * In a fresh JVM a plain one-shot verify loads no picocli class at all: before, building the
     * command line (annotation proxies, reflection, converters) was a third of the command's time.
     */
    @Test
    void aOneShotVerifyLoadsNoPicocliClass() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Cli.java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:off",
                "-Xlog:class+load=info:stdout", "-cp", Cli.classPath(), Main.class.getName()));
        cmd.addAll(tdx("--at", "2025-07-04T10:24:00Z"));
        Cli.Result r = Cli.exec(cmd, dir, Map.of(), Duration.ofSeconds(60));
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("\nVERIFIED "), r.out());
        // Verifying Main's bytecode (no archive here) loads the three exception types its methods
        // throw; nothing else of picocli may load.
        Set<String> thrownByMain = Set.of("PicocliException", "ParameterException", "TypeConversionException");
        List<String> picocli = r.out().lines().filter(l -> l.contains("[class,load] picocli."))
                .map(l -> l.replaceFirst(".*\\[class,load\\] picocli\\.CommandLine\\$?(\\S*).*", "$1"))
                .filter(c -> !thrownByMain.contains(c)).collect(Collectors.toList());
        assertEquals(List.of(), picocli);
    }

    private static String unpack(String sample) throws Exception {
        try (InputStream in = StartupTraining.class.getResourceAsStream("samples/" + sample)) {
            Path file = dir.resolve(sample.replace('/', '-'));
            Files.copy(in, file);
            return file.toString();
        }
    }

    /** Exit code, standard output and standard error of one command line run by {@code run}. */
    static String captured(String[] args, ToIntFunction<String[]> run) {
        return Cli.capture(args, run).toString();
    }
}
