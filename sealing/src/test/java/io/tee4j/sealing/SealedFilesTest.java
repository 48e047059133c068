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
        // What the killed writers left behind goes with the next write to the same target.
        SealedFiles.write(s, f, CrashWriterChild.content(next), AAD);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "temporary files of killed writers are removed");
        }
    }

    /** Runs a command; false when it is not there or fails (the test then skips that case). */
    static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A process id that was in use and is not any more. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return pid;
    }

    private static void assertRefusedAndUntouched(Path target, java.nio.file.attribute.BasicFileAttributes before,
            ThrowingRunnable write, String what) throws Exception {
        java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class, write::run, what);
        assertEquals(target.toString(), e.getFile(), what);
        java.nio.file.attribute.BasicFileAttributes after = Files.readAttributes(target,
                java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertEquals(before.fileKey(), after.fileKey(), what + ": replaced");
        assertEquals(before.isSymbolicLink(), after.isSymbolicLink(), what);
        assertEquals(before.isOther(), after.isOther(), what);
        assertEquals(before.isDirectory(), after.isDirectory(), what);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Issue 14 item 5: a target that exists and is not a regular file (a symbolic link, FIFO,
     * character device, directory) is refused before anything is written, by sealing and by
     * unsealing to a file, and is left exactly as it was.
     */
    @Test
    void targetsThatAreNotRegularFilesAreRefusedAndLeftAlone() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        Path sealed = dir.resolve("in.sealed");
        SealedFiles.write(s, sealed, "secret".getBytes(StandardCharsets.US_ASCII), AAD);
        Path special = Files.createDirectory(dir.resolve("special"));
        Path regular = Files.writeString(special.resolve("regular"), "keep me");
        List<Path> targets = new java.util.ArrayList<>();
        targets.add(Files.createSymbolicLink(special.resolve("link"), regular));
        targets.add(Files.createSymbolicLink(special.resolve("dangling"), special.resolve("nowhere")));
        targets.add(Files.createDirectory(special.resolve("dir")));
        if (run("mkfifo", special.resolve("fifo").toString())) {
            targets.add(special.resolve("fifo"));
        }
        // A device node like /dev/null (character device 1:3), made here so nothing real is at risk.
        if (run("mknod", special.resolve("null").toString(), "c", "1", "3")) {
            targets.add(special.resolve("null"));
        }
        for (Path t : targets) {
            java.nio.file.attribute.BasicFileAttributes before = Files.readAttributes(t,
                    java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            assertRefusedAndUntouched(t, before, () -> SealedFiles.write(s, t, new byte[10], AAD), "seal to " + t);
            assertRefusedAndUntouched(t, before, () -> SealedFiles.unseal(s, sealed, t, AAD), "unseal to " + t);
            assertRefusedAndUntouched(t, before, () -> CrashSafeFiles.checkReplaceable(t), "check " + t);
        }
        assertEquals("keep me", Files.readString(regular), "nothing written through the link");
        try (Stream<Path> files = Files.list(special)) {
            assertEquals(targets.size() + 1, files.count(), "no temporary file left");
        }
        System.out.println("refused targets: " + targets);
    }

    /**
     * Issue 14 item 6: temporary files a crashed writer left (process gone) are removed by the next
     * write to the same target; those of a live process, and other files, are not.
     */
    @Test
    void temporariesOfDeadWritersAreRemovedByTheNextWrite() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        Path f = dir.resolve("state.sealed");
        Path stale = Files.writeString(dir.resolve(".state.sealed.tee4j-" + deadPid() + "-00aa11bb22cc33dd.tmp"),
                "plaintext prefix a crash left");
        Path live = Files.writeString(dir.resolve(".state.sealed.tee4j-" + ProcessHandle.current().pid()
                + "-0123456789abcdef.tmp"), "another writer, still running");
        Path otherTarget = Files.writeString(dir.resolve(".other.tee4j-" + deadPid() + "-0123456789abcdef.tmp"), "x");
        Path unrelated = Files.writeString(dir.resolve(".state.sealed.notes.tmp"), "mine");
        SealedFiles.write(s, f, new byte[100], AAD);
        assertFalse(Files.exists(stale), "stale temporary removed");
        assertTrue(Files.exists(live) && Files.exists(otherTarget) && Files.exists(unrelated));
        // Unsealing to a file cleans up the same way.
        Path out = dir.resolve("plain");
        Path staleUnseal = Files.writeString(dir.resolve(".plain.tee4j-" + deadPid() + "-ffeeddccbbaa9988.tmp"), "p");
        SealedFiles.unseal(s, f, out, AAD);
        assertFalse(Files.exists(staleUnseal));
        assertArrayEquals(new byte[100], Files.readAllBytes(out));
        if (Files.getFileAttributeView(out, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(out));
        }
    }

    /** Unsealing to a file replaces the target only once the whole file authenticated. */
    @Test
    void unsealToFileWritesNothingUnlessAllAuthenticates() throws Exception {
        Sealer s = TestKeys.releasedSealer();
        Path f = dir.resolve("big.sealed");
        byte[] content = new byte[300_000];
        new Random(9).nextBytes(content);
        SealedFiles.write(s, f, content, AAD);
        Path out = Files.writeString(dir.resolve("out"), "old");
        byte[] raw = Files.readAllBytes(f);
        raw[raw.length - 100] ^= 1;
        Path bad = Files.write(dir.resolve("bad.sealed"), raw);
        assertThrows(SealedDataAuthenticationException.class, () -> SealedFiles.unseal(s, bad, out, AAD));
        assertEquals("old", Files.readString(out));
        SealedFiles.unseal(s, f, out, AAD);
        assertArrayEquals(content, Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file left");
        }
    }

    /**
     * Issue 14 item 6: the simulated seed file is created whole or not at all. Creators racing on
     * a new directory all see one complete 32-byte seed (an empty-then-written file was visible
     * empty to the others), and a crash during creation leaves no seed file.
     */
    @Test
    void simulatedSeedIsCreatedAtomically() throws Exception {
        int rounds = 60;
        int threads = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                Path seeds = dir.resolve("race" + round);
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                List<java.util.concurrent.Future<byte[]>> keys = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    keys.add(pool.submit(() -> {
                        start.await();
                        SimulatedKeySource src = SimulatedKeySource.builder().seedDirectory(seeds).build();
                        try (io.tee4j.core.SecretBytes k = src.deriveKey(java.util.EnumSet.of(
                                io.tee4j.core.keys.KeyBinding.POLICY, io.tee4j.core.keys.KeyBinding.PRIVILEGE_LEVEL),
                                src.currentVersions())) {
                            return k.toByteArray(io.tee4j.core.SecretAccess.INSECURE);
                        }
                    }));
                }
                byte[] first = keys.get(0).get(30, TimeUnit.SECONDS);
                for (java.util.concurrent.Future<byte[]> k : keys) {
                    assertArrayEquals(first, k.get(30, TimeUnit.SECONDS), "round " + round + ": two seeds in use");
                }
                try (Stream<Path> files = Files.list(seeds)) {
                    assertEquals(List.of(seeds.resolve(SimulatedKeySource.SEED_FILE)), files.toList());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // A creator that failed while writing leaves no seed file, so the next one creates a whole seed.
        Path seeds = Files.createDirectory(dir.resolve("failed"));
        assertThrows(IOException.class, () -> CrashSafeFiles.createIfAbsent(seeds.resolve(SimulatedKeySource.SEED_FILE),
                out -> {
                    out.write(new byte[7]);
                    throw new IOException("disk full");
                }));
        assertFalse(Files.exists(seeds.resolve(SimulatedKeySource.SEED_FILE)));
        SimulatedKeySource.builder().seedDirectory(seeds).build();
        assertEquals(32, Files.size(seeds.resolve(SimulatedKeySource.SEED_FILE)));
        // Opening data needs the seed that sealed it: an existing seed is required, never created.
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> SimulatedKeySource.builder().existingSeedDirectory(empty));
        try (Stream<Path> files = Files.list(empty)) {
            assertEquals(0, files.count());
        }
    }
}
