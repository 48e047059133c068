package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 items 5 and 6: what {@code seal}, {@code unseal} and {@code attest} do with their
 * output files. A target that exists and is not a regular file (a FIFO, a character device like
 * {@code /dev/null}, a directory, a symbolic link wherever it points) is refused with exit 1 and
 * left exactly as it was, nothing else written; temporary files of crashed runs are removed.
 * The device node is made here with mknod (the tests run as root), never the real /dev/null.
 */
class OutputTargetsTest {
    @TempDir
    static Path shared;
    static Path sim;
    static Path keyFile;
    static Path plain;
    static Path sealed;

    @BeforeAll
    static void setUp() throws Exception {
        sim = shared.resolve("sim");
        SealCommandTest.captureErr(() -> MainTest.captureOut(() -> assertEquals(0, Main.run("simulator", "init",
                sim.toString()))));
        keyFile = Files.writeString(shared.resolve("key"), HexFormat.of().formatHex(new byte[32]).replace("00", "5a"));
        plain = Files.writeString(shared.resolve("plain.txt"), "the plaintext");
        sealed = shared.resolve("plain.sealed");
        SealCommandTest.captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "released", "--key-file",
                keyFile.toString(), "--in", plain.toString(), "--out", sealed.toString())));
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** One of each kind of target that must be refused, in a fresh directory. */
    private static List<Path> specialTargets(Path dir) throws IOException {
        Path pointedTo = Files.writeString(dir.resolve("pointed-to"), "keep me");
        List<Path> targets = new ArrayList<>();
        targets.add(Files.createSymbolicLink(dir.resolve("link"), pointedTo));
        targets.add(Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere")));
        targets.add(Files.createDirectory(dir.resolve("a-directory")));
        if (run("mkfifo", dir.resolve("fifo").toString())) {
            targets.add(dir.resolve("fifo"));
        }
        if (run("mknod", dir.resolve("null").toString(), "c", "1", "3")) {
            targets.add(dir.resolve("null"));
        }
        return targets;
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Runs the command, which must exit 1 naming the target, and leave it and its directory as they were. */
    private static void assertRefused(Path target, String option, String... args) throws Exception {
        Path dir = target.getParent();
        BasicFileAttributes before = attributes(target);
        List<Path> listed;
        try (Stream<Path> files = Files.list(dir)) {
            listed = files.sorted().toList();
        }
        String err = SealCommandTest.captureErr(() -> assertEquals(1, Main.run(args), String.join(" ", args)));
        assertTrue(err.contains(option + ": " + target) && err.contains("refusing"), err);
        BasicFileAttributes after = attributes(target);
        assertEquals(before.fileKey(), after.fileKey(), target + " replaced");
        assertEquals(before.isSymbolicLink(), after.isSymbolicLink());
        assertEquals(before.isOther(), after.isOther());
        assertEquals("keep me", Files.readString(dir.resolve("pointed-to")), "written through a link");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(listed, files.sorted().toList(), "something was written beside " + target);
        }
    }

    @Test
    @Timeout(120) // on a FIFO the old 'attest' blocked forever waiting for a reader
    void specialTargetsAreRefusedByEveryCommand(@TempDir Path dir) throws Exception {
        List<Path> targets = specialTargets(dir);
        for (Path t : targets) {
            assertRefused(t, "--out", "seal", "--key-source", "released", "--key-file", keyFile.toString(), "--in",
                    plain.toString(), "--out", t.toString());
            assertRefused(t, "--out", "unseal", "--key-file", keyFile.toString(), "--in", sealed.toString(), "--out",
                    t.toString());
            assertRefused(t, "--out", "attest", "--simulate", sim.toString(), "--tee", "sev-snp", "--report-data", "00",
                    "--out", t.toString());
            // --certs-out is checked before anything is written, so --out is not written either.
            Path evidence = dir.resolve("evidence.bin");
            assertRefused(t, "--certs-out", "attest", "--simulate", sim.toString(), "--tee", "sev-snp",
                    "--report-data", "00", "--out", evidence.toString(), "--certs-out", t.toString());
            assertFalse(Files.exists(evidence));
            // Checked before the TEE is asked: no 'no TEE' (7) here.
            assertRefused(t, "--out", "attest", "--report-data", "00", "--out", t.toString());
        }
        System.out.println("refused: " + targets);
    }

    @Test
    void regularTargetsAreReplacedAndStaleTemporariesRemoved(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(20, TimeUnit.SECONDS));
        Path out = Files.writeString(dir.resolve("out.txt"), "old content");
        Path stale = Files.writeString(dir.resolve(".out.txt.tee4j-" + gone.pid() + "-0011223344556677.tmp"),
                "plaintext prefix left by a killed unseal");
        SealCommandTest.captureErr(() -> assertEquals(0, Main.run("unseal", "--key-file", keyFile.toString(), "--in",
                sealed.toString(), "--out", out.toString())));
        assertEquals("the plaintext", Files.readString(out));
        assertFalse(Files.exists(stale), "the stale temporary file of a dead process is removed");
        Path evidence = Files.writeString(dir.resolve("r.bin"), "old");
        Path certs = dir.resolve("c.pem");
        SealCommandTest.captureErr(() -> assertEquals(0, Main.run("attest", "--simulate", sim.toString(), "--tee",
                "sev-snp", "--report-data", "00", "--out", evidence.toString(), "--certs-out", certs.toString())));
        assertEquals(1184, Files.size(evidence));
        assertTrue(Files.readString(certs, StandardCharsets.US_ASCII).contains("BEGIN CERTIFICATE"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(certs, out, evidence), files.sorted().toList(), "no temporary files left");
        }
        assertArrayEquals("the plaintext".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(out));
    }
}
