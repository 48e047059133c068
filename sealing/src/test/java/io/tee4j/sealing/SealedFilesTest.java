package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedFilesTest {
    static final byte[] AAD = "tee4j sealed file".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void writeAndReadBack() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        Path f = dir.resolve("state.sealed");
        byte[] a = new byte[200_000];
        new Random(1).nextBytes(a);
        SealedFiles.write(s, f, a, AAD);
        assertArrayEquals(a, SealedFiles.read(s, f, AAD));
        byte[] b = "replaced".getBytes(StandardCharsets.US_ASCII);
        SealedFiles.write(s, f, b, AAD);
        assertArrayEquals(b, SealedFiles.read(s, f, AAD));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SealedFiles.read(s, f, out, AAD);
        assertArrayEquals(b, out.toByteArray());
        try (SealingInputStream in = SealedFiles.open(s, f, AAD)) {
            assertArrayEquals(b, in.readAllBytes());
        }
        SealedDataInfo info = SealedDataInfo.read(f);
        assertTrue(info.isStream());
        assertEquals("released", info.keySourceId());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
        if (Files.getFileAttributeView(f, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(f));
        }
    }

    @Test
    void resealAfterPlatformUpdate() throws Exception {
        io.tee4j.core.keys.KeyBinding tcb = io.tee4j.core.keys.KeyBinding.TCB_VERSION;
        Sealer before = TestKeys.simulatedSealer(tcb);
        Sealer after = TestKeys.simulatedSealer(TestKeys.simulated().tcbVersion(0x0400000000000814L).build(), tcb);
        Path f = dir.resolve("state.sealed");
        byte[] content = new byte[70_000];
        new Random(5).nextBytes(content);
        SealedFiles.write(before, f, content, AAD);
        assertFalse(SealedFiles.needsReseal(before, f));
        assertTrue(SealedFiles.needsReseal(after, f));
        SealedFiles.reseal(after, f, AAD);
        assertFalse(SealedFiles.needsReseal(after, f));
        assertArrayEquals(content, SealedFiles.read(after, f, AAD));
        assertThrows(SealingPolicyException.class, () -> SealedFiles.read(before, f, AAD));
        // A file that does not unseal is left untouched.
        byte[] raw = Files.readAllBytes(f);
        raw[raw.length - 3] ^= 1;
        Files.write(f, raw);
        assertThrows(SealedDataAuthenticationException.class, () -> SealedFiles.reseal(after, f, AAD));
        assertArrayEquals(raw, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void simulatedSeedDirectoryIsStable() throws Exception {
        Path seeds = dir.resolve("sim");
        SimulatedKeySource a = SimulatedKeySource.builder().seedDirectory(seeds).build();
        SimulatedKeySource b = SimulatedKeySource.builder().seedDirectory(seeds).build();
        Sealer sa = TestKeys.simulatedSealer(a);
        assertArrayEquals(new byte[] {1, 2, 3}, TestKeys.simulatedSealer(b).unseal(sa.seal(new byte[] {1, 2, 3}, AAD), AAD));
        assertEquals(32, Files.size(seeds.resolve(SimulatedKeySource.SEED_FILE)));
        Files.write(seeds.resolve(SimulatedKeySource.SEED_FILE), new byte[5]);
        assertThrows(IOException.class, () -> SimulatedKeySource.builder().seedDirectory(seeds));
    }

    @Test
    void tamperedFileRejected() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        Path f = dir.resolve("x.sealed");
        SealedFiles.write(s, f, new byte[100_000], AAD);
        byte[] raw = Files.readAllBytes(f);
        raw[raw.length / 2] ^= 4;
        Files.write(f, raw);
        assertThrows(SealedDataAuthenticationException.class, () -> SealedFiles.read(s, f, AAD));
        Files.write(f, java.util.Arrays.copyOf(raw, 10));
        assertThrows(MalformedSealedDataException.class, () -> SealedFiles.read(s, f, AAD));
    }

    @Test
    void failedWriteLeavesTargetAndNoTemporary() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        Path f = dir.resolve("keep.sealed");
        SealedFiles.write(s, f, "old".getBytes(StandardCharsets.US_ASCII), AAD);
        java.io.InputStream failing = new java.io.InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) {
                    throw new IOException("source broke");
                }
                return 7;
            }
        };
        assertThrows(IOException.class, () -> SealedFiles.write(s, f, failing, AAD));
        assertArrayEquals("old".getBytes(StandardCharsets.US_ASCII), SealedFiles.read(s, f, AAD));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    /**
     * A child JVM rewrites the file generation after generation and is SIGKILLed at a random
     * moment, 20 times: the target must always unseal to one whole generation.
     */
    @Test
    void crashDuringWriteLeavesOldOrNewContent() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Sealer s = TestKeys.releasedSealer();
        Path f = dir.resolve("crash.sealed");
        SealedFiles.write(s, f, CrashWriterChild.content(0), AAD);
        long next = 1;
        Set<Long> seen = new TreeSet<>();
        int killedMidWrite = 0;
        long previous = 0;
        for (int round = 0; round < 20; round++) {
            Process p = ChildJvm.start(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                    CrashWriterChild.class, f.toString(), Long.toString(next));
            // The kill closes our end of the child's output, so lines are read by a thread.
            java.util.concurrent.atomic.AtomicLong lastStarted = new java.util.concurrent.atomic.AtomicLong(-1);
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            StringBuilder said = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = ChildJvm.lines(p)) {
                    for (String l; (l = r.readLine()) != null; ) {
                        if (l.startsWith("writing ")) {
                            lastStarted.set(Long.parseLong(l.substring(8)));
                            started.countDown();
                        } else {
                            synchronized (said) {
                                said.append(l).append('\n');
                            }
                        }
                    }
                } catch (IOException closedByKill) {
                    // expected once the child is killed
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertTrue(started.await(30, TimeUnit.SECONDS), "child did not start writing: " + said);
            Thread.sleep(rnd.nextInt(400));
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            reader.join(5000);
            byte[] got = SealedFiles.read(s, f, AAD);
            long g = CrashWriterChild.generationOf(got);
            assertArrayEquals(CrashWriterChild.content(g), got, "seed " + seed + " round " + round + ": torn content");
            assertTrue(g >= previous, "seed " + seed + ": went back from generation " + previous + " to " + g);
            if (g < lastStarted.get()) {
                killedMidWrite++;
            }
            seen.add(g);
            previous = g;
            next = Math.max(lastStarted.get(), g) + 1;
        }
        System.out.println("crash test: generations seen " + seen + ", killed during a write " + killedMidWrite + "/20");
        assertFalse(seen.isEmpty());
    }
}
