package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds and runs gcc for tests that check against the kernel headers or build a fake driver. */
final class Gcc {

    private Gcc() {
    }

    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "gcc");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** gcc's path, or the test is skipped with that reason. */
    static Path require() {
        Optional<Path> gcc = find();
        Assumptions.assumeTrue(gcc.isPresent(), "SKIPPED: gcc not found on PATH; cannot compile the C check");
        return gcc.get();
    }

    /** Runs a command, returns stdout; fails the test on a non-zero exit (with stderr). */
    static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> command + " failed:\n" + text);
        return text;
    }

    /** Copies a test resource next to the build outputs. */
    static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = Gcc.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            Path target = dir.resolve(name);
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    static List<String> command(Path gcc, String... args) {
        List<String> c = new ArrayList<>();
        c.add(gcc.toString());
        c.addAll(List.of(args));
        return c;
    }
}
