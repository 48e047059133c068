package io.tee4j.core.testing;

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

/**
 * Finds and runs gcc for tests that check layouts against the kernel's uapi headers or build a
 * fake driver library to load through {@code NativeDevices.library(...)}. A test that needs gcc
 * calls {@link #require()}, which skips it with a visible reason where gcc is missing.
 */
public final class Gcc {

    private Gcc() {
    }

    /** gcc on the PATH, if any. */
    public static Optional<Path> find() {
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
    public static Path require() {
        Optional<Path> gcc = find();
        Assumptions.assumeTrue(gcc.isPresent(), "SKIPPED: gcc not found on PATH; cannot compile the C check");
        return gcc.get();
    }

    /** Runs a command, returns stdout; fails the test on a non-zero exit (with stderr). */
    public static String run(List<String> command) throws IOException, InterruptedException {
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

    /**
     * Copies the class-path resource {@code name}, relative to {@code anchor}'s package, into
     * {@code dir}.
     */
    public static Path resource(Class<?> anchor, String name, Path dir) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            Path target = dir.resolve(Path.of(name).getFileName().toString());
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    /**
     * Compiles {@code source} into the shared library {@code output} ({@code -shared -fPIC -O1})
     * with the given extra arguments (e.g. {@code -DPREFIX=fake_}); skips the test without gcc.
     */
    public static Path sharedLibrary(Path source, Path output, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> c = command(require(), "-shared", "-fPIC", "-O1", "-o", output.toString());
        c.addAll(List.of(extraArgs));
        c.add(source.toString());
        run(c);
        return output;
    }

    /** {@code gcc} followed by {@code args}. */
    public static List<String> command(Path gcc, String... args) {
        List<String> c = new ArrayList<>();
        c.add(gcc.toString());
        c.addAll(List.of(args));
        return c;
    }
}
