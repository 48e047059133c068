package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.keys.KeyBinding;
import io.tee4j.sealing.SealedDataInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tee4j seal} / {@code unseal} end to end through {@link Main#run}, with their exit codes. */
class SealCommandTest {
    @TempDir
    static Path shared;
    /** Two simulator directories ('tee4j simulator init'): two simulated chips. */
    static Path simA;
    static Path simB;

    @BeforeAll
    static void simulators() {
        simA = shared.resolve("simA");
        simB = shared.resolve("simB");
        for (Path p : new Path[] {simA, simB}) {
            captureErr(() -> MainTest.captureOut(() -> assertEquals(0, Main.run("simulator", "init", p.toString()))));
        }
    }

    static String captureErr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void simulatedRoundTripWarnsAndRecordsTheBindings(@TempDir Path dir) throws Exception {
        byte[] message = "attack at dawn".getBytes(StandardCharsets.UTF_8);
        Path in = Files.write(dir.resolve("m.txt"), message);
        Path sealed = dir.resolve("m.sealed");
        Path back = dir.resolve("m.out");
        Path sim = simA;
        String err = captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "simulated", "--bind",
                "measurement,policy,tcb", "--sim-dir", sim.toString(), "--in", in.toString(), "--out", sealed.toString())));
        assertTrue(err.contains("protects NOTHING"), err);
        SealedDataInfo info = SealedDataInfo.read(sealed);
        assertEquals("simulated", info.keySourceId());
        assertTrue(info.bindings().contains(KeyBinding.MEASUREMENT) && info.bindings().contains(KeyBinding.TCB_VERSION)
                && info.bindings().contains(KeyBinding.POLICY), info.toString());
        assertFalse(new String(Files.readAllBytes(sealed), StandardCharsets.ISO_8859_1).contains("attack"));
        err = captureErr(() -> assertEquals(0, Main.run("unseal", "--sim-dir", sim.toString(), "--in", sealed.toString(),
                "--out", back.toString())));
        assertTrue(err.contains("protects NOTHING"), err);
        assertArrayEquals(message, Files.readAllBytes(back));
    }

    @Test
    void anotherSimulatedChipCannotUnseal(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), new byte[1000]);
        Path sealed = dir.resolve("m.sealed");
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "simulated", "--sim-dir",
                simA.toString(), "--in", in.toString(), "--out", sealed.toString())));
        // simB gets its own sealing seed: another simulated chip.
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "simulated", "--sim-dir",
                simB.toString(), "--in", in.toString(), "--out", dir.resolve("b.sealed").toString())));
        Path out = dir.resolve("out");
        captureErr(() -> assertEquals(2, Main.run("unseal", "--sim-dir", simB.toString(), "--in",
                sealed.toString(), "--out", out.toString())));
        assertFalse(Files.exists(out), "no partial plaintext is left behind");
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "nor a temporary file");
        }
    }

    @Test
    void releasedKeyFromFileAndEnvironmentAndTamperDetection(@TempDir Path dir) throws Exception {
        byte[] key = new byte[32];
        key[0] = 7;
        Path keyFile = Files.writeString(dir.resolve("key.hex"), HexFormat.of().formatHex(key) + "\n");
        byte[] message = new byte[100_000];
        new java.util.Random(1).nextBytes(message);
        Path in = Files.write(dir.resolve("m.bin"), message);
        Path sealed = dir.resolve("m.sealed");
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "released", "--key-file", keyFile.toString(),
                "--in", in.toString(), "--out", sealed.toString())));
        assertEquals("released", SealedDataInfo.read(sealed).keySourceId());
        Path back = dir.resolve("back");
        captureErr(() -> assertEquals(0, Main.run("unseal", "--key-file", keyFile.toString(), "--in", sealed.toString(),
                "--out", back.toString())));
        assertArrayEquals(message, Files.readAllBytes(back));
        // a flipped ciphertext byte: crypto check failed (2), and no output
        byte[] blob = Files.readAllBytes(sealed);
        blob[blob.length - 40] ^= 1;
        Path bad = Files.write(dir.resolve("bad.sealed"), blob);
        Path badOut = dir.resolve("bad.out");
        captureErr(() -> assertEquals(2, Main.run("unseal", "--key-file", keyFile.toString(), "--in", bad.toString(),
                "--out", badOut.toString())));
        assertFalse(Files.exists(badOut));
        // not a sealed file at all: malformed (6)
        captureErr(() -> assertEquals(6, Main.run("unseal", "--key-file", keyFile.toString(), "--in", in.toString(),
                "--out", badOut.toString())));
    }

    @Test
    void usageErrors(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), new byte[] {1});
        Path out = dir.resolve("o");
        captureErr(() -> {
            assertEquals(1, Main.run("seal", "--key-source", "sgx", "--in", in.toString(), "--out", out.toString()));
            assertEquals(1, Main.run("seal", "--key-source", "simulated", "--bind", "colour", "--in", in.toString(),
                    "--out", out.toString()));
            assertEquals(1, Main.run("seal", "--key-source", "released", "--in", in.toString(), "--out", out.toString()));
            assertEquals(1, Main.run("seal", "--key-source", "simulated", "--sim-dir", simA.toString(),
                    "--in", dir.resolve("missing").toString(), "--out", out.toString()));
        });
        // a released key takes no bindings: a policy error (5)
        Path keyFile = Files.writeString(dir.resolve("k"), "00".repeat(32));
        captureErr(() -> assertEquals(5, Main.run("seal", "--key-source", "released", "--key-file", keyFile.toString(),
                "--bind", "measurement", "--in", in.toString(), "--out", out.toString())));
    }

    @Test
    void noHardwareMeansExitSeven(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), new byte[] {1});
        captureErr(() -> assertEquals(7, Main.run("seal", "--key-source", "sev-snp", "--in", in.toString(), "--out",
                dir.resolve("o").toString())));
    }

    private static Path releasedKeyFile(Path dir) throws Exception {
        byte[] key = new byte[32];
        key[0] = 7;
        return Files.writeString(dir.resolve("key.hex"), HexFormat.of().formatHex(key) + "\n");
    }

    /**
     * Issue 14 item 25: the key source named in the header decides what is required. A simulated
     * file without --sim-dir says what to pass and never falls back to ~/.tee4j/simulator.
     */
    @Test
    void simulatedFileWithoutSimDirSaysWhatToPass(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), new byte[] {1, 2, 3});
        Path sealed = dir.resolve("m.sealed");
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "simulated", "--sim-dir", simA.toString(),
                "--in", in.toString(), "--out", sealed.toString())));
        Path home = Files.createDirectory(dir.resolve("home"));
        String oldHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            Path out = dir.resolve("out");
            String err = captureErr(() -> assertEquals(1, Main.run("unseal", "--in", sealed.toString(), "--out",
                    out.toString())));
            assertTrue(err.contains("sealed with the simulated key source; pass --sim-dir DIR"), err);
            assertFalse(Files.exists(out));
            err = captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "simulated", "--in", in.toString(),
                    "--out", out.toString())));
            assertTrue(err.contains("needs --sim-dir DIR"), err);
            try (java.util.stream.Stream<Path> files = Files.list(home)) {
                assertEquals(0, files.count(), "nothing created under the home directory");
            }
        } finally {
            System.setProperty("user.home", oldHome);
        }
    }

    /**
     * Issue 14 item 25: 'seal --sim-dir' refuses a directory that is not a simulator directory, as
     * 'attest --simulate' does, and creates nothing; unsealing never creates a seed.
     */
    @Test
    void simDirMustBeASimulatorDirectory(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), new byte[] {1});
        Path out = dir.resolve("o");
        Path nosuch = dir.resolve("nosuchdir");
        String seal = captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "simulated", "--sim-dir",
                nosuch.toString(), "--in", in.toString(), "--out", out.toString())));
        String attest = captureErr(() -> assertEquals(1, Main.run("attest", "--simulate", nosuch.toString(),
                "--report-data", "00", "--out", out.toString())));
        assertTrue(seal.contains("is not a simulator directory (run 'tee4j simulator init"), seal);
        assertTrue(attest.contains("is not a simulator directory (run 'tee4j simulator init"), attest);
        assertFalse(Files.exists(nosuch), "no directory or seed created");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "simulated", "--sim-dir", empty.toString(),
                "--in", in.toString(), "--out", out.toString())));
        assertFalse(Files.exists(out));
        // A simulator directory that never sealed has no sealing seed: unsealing says so, creates none.
        Path sealed = dir.resolve("m.sealed");
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "simulated", "--sim-dir", simA.toString(),
                "--in", in.toString(), "--out", sealed.toString())));
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Files.writeString(fresh.resolve(Simulators.SEED), Files.readString(simA.resolve(Simulators.SEED)));
        String err = captureErr(() -> assertEquals(1, Main.run("unseal", "--sim-dir", fresh.toString(), "--in",
                sealed.toString(), "--out", out.toString())));
        assertTrue(err.contains("holds no simulated sealing seed"), err);
        assertFalse(Files.exists(fresh.resolve(io.tee4j.sealing.SimulatedKeySource.SEED_FILE)));
    }

    /** Issue 14 item 25: an option that does not apply to the key source is an error, not ignored. */
    @Test
    void optionsThatDoNotApplyAreErrors(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), new byte[] {1});
        Path keyFile = releasedKeyFile(dir);
        Path simSealed = dir.resolve("sim.sealed");
        Path relSealed = dir.resolve("rel.sealed");
        Path out = dir.resolve("o");
        captureErr(() -> {
            assertEquals(0, Main.run("seal", "--key-source", "simulated", "--sim-dir", simA.toString(), "--in",
                    in.toString(), "--out", simSealed.toString()));
            assertEquals(0, Main.run("seal", "--key-source", "released", "--key-file", keyFile.toString(), "--in",
                    in.toString(), "--out", relSealed.toString()));
        });
        String[][] cases = {
            {"seal", "--key-source", "simulated", "--sim-dir", simA.toString(), "--key-file", keyFile.toString()},
            {"seal", "--key-source", "simulated", "--sim-dir", simA.toString(), "--key-format", "hex"},
            {"seal", "--key-source", "released", "--key-file", keyFile.toString(), "--sim-dir", simA.toString()},
            {"seal", "--key-source", "sev-snp", "--key-file", keyFile.toString()},
            {"seal", "--key-source", "sev-snp", "--sim-dir", simA.toString()},
            {"seal", "--key-source", "released", "--key-env", "TEE4J_TEST_KEY", "--key-format", "raw"},
            {"unseal", "--sim-dir", simA.toString(), "--key-file", keyFile.toString(), "--in", simSealed.toString()},
            {"unseal", "--key-file", keyFile.toString(), "--in", simSealed.toString()},
            {"unseal", "--key-file", keyFile.toString(), "--sim-dir", simA.toString(), "--in", relSealed.toString()},
        };
        for (String[] c : cases) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(c));
            if (c[0].equals("seal")) {
                args.addAll(java.util.List.of("--in", in.toString()));
            }
            args.addAll(java.util.List.of("--out", out.toString()));
            String err = captureErr(() -> assertEquals(1, Main.run(args.toArray(new String[0])), args.toString()));
            assertTrue(err.contains("not apply") || err.contains("cannot be raw"), args + ": " + err);
            assertFalse(Files.exists(out), args.toString());
        }
    }

    /**
     * Issue 25 item 5: a key file of 32 printable characters (a passphrase, the hex of a 16-byte
     * key) is ambiguous and refused unless --key-format says what it is.
     */
    @Test
    void ambiguousKeyFilesNeedKeyFormat(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), "data".getBytes(StandardCharsets.US_ASCII));
        Path out = dir.resolve("m.sealed");
        Path passphrase = Files.writeString(dir.resolve("pass"), "correct horse battery staple!!!!");
        Path hex16 = Files.writeString(dir.resolve("hex16"), "00112233445566778899aabbccddeeff");
        for (Path k : new Path[] {passphrase, hex16}) {
            String err = captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "released", "--key-file",
                    k.toString(), "--in", in.toString(), "--out", out.toString())));
            assertTrue(err.contains("--key-format raw|hex|base64"), err);
            assertFalse(Files.exists(out));
        }
        captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "released", "--key-file", hex16.toString(),
                "--key-format", "hex", "--in", in.toString(), "--out", out.toString())));
        captureErr(() -> assertEquals(1, Main.run("seal", "--key-source", "released", "--key-file", hex16.toString(),
                "--key-format", "utf8", "--in", in.toString(), "--out", out.toString())));
        // Stated as raw, it is used as 32 raw bytes, on both sides.
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "released", "--key-file",
                passphrase.toString(), "--key-format", "raw", "--in", in.toString(), "--out", out.toString())));
        Path back = dir.resolve("back");
        captureErr(() -> assertEquals(1, Main.run("unseal", "--key-file", passphrase.toString(), "--in", out.toString(),
                "--out", back.toString())));
        captureErr(() -> assertEquals(0, Main.run("unseal", "--key-file", passphrase.toString(), "--key-format", "RAW",
                "--in", out.toString(), "--out", back.toString())));
        assertEquals("data", Files.readString(back));
    }

    /**
     * Issue 25 item 6: unseal may state the key source and bindings it expects; a header that
     * differs is refused (policy, exit 5) and nothing is written.
     */
    @Test
    void unsealRefusesAHeaderThatDiffersFromTheExpectedSource(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), "data".getBytes(StandardCharsets.US_ASCII));
        Path keyFile = releasedKeyFile(dir);
        Path simSealed = dir.resolve("sim.sealed");
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "simulated", "--sim-dir", simA.toString(),
                "--in", in.toString(), "--out", simSealed.toString())));
        Path out = dir.resolve("o");
        String err = captureErr(() -> assertEquals(5, Main.run("unseal", "--key-source", "released", "--key-file",
                keyFile.toString(), "--in", simSealed.toString(), "--out", out.toString())));
        assertTrue(err.contains("sealed with key source simulated, expected released"), err);
        captureErr(() -> assertEquals(5, Main.run("unseal", "--key-source", "sev-snp", "--in", simSealed.toString(),
                "--out", out.toString())));
        captureErr(() -> assertEquals(5, Main.run("unseal", "--key-source", "simulated", "--bind",
                "measurement,policy,image-id", "--sim-dir", simA.toString(), "--in", simSealed.toString(), "--out",
                out.toString())));
        captureErr(() -> assertEquals(1, Main.run("unseal", "--key-source", "sgx", "--in", simSealed.toString(),
                "--out", out.toString())));
        assertFalse(Files.exists(out));
        captureErr(() -> assertEquals(0, Main.run("unseal", "--key-source", "simulated", "--bind", "measurement,policy",
                "--sim-dir", simA.toString(), "--in", simSealed.toString(), "--out", out.toString())));
        assertEquals("data", Files.readString(out));
    }

    /** Issue 14 item 15: a tampered key-source id is malformed input (6), not a usage error. */
    @Test
    void tamperedKeySourceIdIsMalformed(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("m.txt"), "data".getBytes(StandardCharsets.US_ASCII));
        Path keyFile = releasedKeyFile(dir);
        Path sealed = dir.resolve("m.sealed");
        captureErr(() -> assertEquals(0, Main.run("seal", "--key-source", "released", "--key-file", keyFile.toString(),
                "--in", in.toString(), "--out", sealed.toString())));
        byte[] raw = Files.readAllBytes(sealed);
        for (String forged : new String[] {"releasez", "sev-snp/", "released/a!"}) {
            byte[] bad = tamperedId(raw, forged);
            Path f = Files.write(dir.resolve("bad.sealed"), bad);
            Path out = dir.resolve("o");
            String err = captureErr(() -> assertEquals(6, Main.run("unseal", "--key-file", keyFile.toString(), "--in",
                    f.toString(), "--out", out.toString()), forged));
            assertTrue(err.contains("'" + forged + "'"), err);
            assertFalse(Files.exists(out));
        }
    }

    /** The sealed bytes with the header's key-source id replaced (its length byte is at offset 8). */
    private static byte[] tamperedId(byte[] sealed, String id) {
        int oldLength = sealed[8];
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[sealed.length - oldLength + idBytes.length];
        System.arraycopy(sealed, 0, out, 0, 8);
        out[8] = (byte) idBytes.length;
        System.arraycopy(idBytes, 0, out, 9, idBytes.length);
        System.arraycopy(sealed, 9 + oldLength, out, 9 + idBytes.length, sealed.length - 9 - oldLength);
        return out;
    }
}
