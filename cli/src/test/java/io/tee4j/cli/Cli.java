package io.tee4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/** Runs the {@code tee4j} command for tests: in this JVM, or as a process of its own. */
final class Cli {
    private Cli() {
    }

    /** The exit code and both output streams of one run. */
    record Result(int rc, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "rc=" + rc + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@link Main#run} here, capturing standard output and error. */
    static synchronized Result run(String... args) {
        Result result = capture(args, Main::run);
        comparePaths(args, result);
        return result;
    }

    /**
     * Runs one entry point ({@link Main#run}, {@link Main#runWithPicocli}, a command tree's
     * {@code execute}) here with standard output and error captured; one lock for every caller,
     * since both streams are process-wide.
     */
    static synchronized Result capture(String[] args, ToIntFunction<String[]> entryPoint) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = entryPoint.applyAsInt(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * With {@code -Dtee4j.test.compareVerifyPaths=true} (off by default: it runs every such
     * command twice), every {@code verify} command line the fast path takes ({@link VerifyFastPath})
     * also runs through picocli and must answer the same: the existing verify tests, run so, prove
     * both paths equal. ES256 EAR tokens ({@code ear-jwt}) differ by design and are not compared;
     * the clock's readings (no {@code --at}: now) are made equal first.
     */
    private static void comparePaths(String[] args, Result fast) {
        if (!Boolean.getBoolean("tee4j.test.compareVerifyPaths") || VerifyFastPath.parse(args) == null
                || Arrays.asList(args).contains("ear-jwt")) {
            return;
        }
        String picocli = withoutClock(VerifyFastPathTest.captured(args, Main::runWithPicocli));
        String fastText = withoutClock("rc=" + fast.rc() + "\n--- out\n" + fast.out() + "--- err\n" + fast.err());
        if (!picocli.equals(fastText)) {
            throw new AssertionError("fast path and picocli differ on " + String.join(" ", args) + "\n" + fastText
                    + "\n=== picocli:\n" + picocli);
        }
    }

    /** The text with the clock's readings (a command without --at verifies "now") made equal. */
    private static String withoutClock(String text) {
        return text.replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<instant>")
                .replaceAll("\"iat\" : \\d+", "\"iat\" : <seconds>");
    }

    /** The class path of this test run, for starting the command in a JVM of its own. */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The {@code java} of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs the command in a JVM of its own (for commands that may block, such as {@code serve}),
     * killing it after {@code timeout}; a killed run has exit code -1.
     */
    static Result runProcess(Duration timeout, Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                classPath(), Main.class.getName()));
        cmd.addAll(List.of(args));
        return exec(cmd, dir, Map.of(), timeout);
    }

    /** Runs any command line, killing it after {@code timeout}; a killed run has exit code -1. */
    static Result exec(List<String> cmd, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        int rc;
        if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            rc = p.exitValue();
        } else {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            rc = -1;
        }
        Result r = new Result(rc, Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
