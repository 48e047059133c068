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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tee4j seal} / {@code unseal} end to end through {@link Main#run}, with their exit codes. */
class SealCommandTest {

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
        Path sim = dir.resolve("sim");
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
                dir.resolve("a").toString(), "--in", in.toString(), "--out", sealed.toString())));
        Path out = dir.resolve("out");
        captureErr(() -> assertEquals(2, Main.run("unseal", "--sim-dir", dir.resolve("b").toString(), "--in",
                sealed.toString(), "--out", out.toString())));
        assertFalse(Files.exists(out), "no partial plaintext is left behind");
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
            assertEquals(1, Main.run("seal", "--key-source", "simulated", "--sim-dir", dir.resolve("s").toString(),
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
}
