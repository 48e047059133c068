package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.nio implementation on a plain temp-dir tree, and the real client on top of it. */
class NioTsmFileSystemTest {

    private final TsmFileSystem fs = TsmFileSystem.system();

    @TempDir
    Path dir;

    @Test
    void readsWholeFilesUpToTheCap() throws Exception {
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Path f = Files.write(dir.resolve("outblob"), data);
        assertArrayEquals(data, fs.read(f, 10_000));
        assertArrayEquals(data, fs.read(f, 1 << 20));
        ErrnoIOException e = assertThrows(ErrnoIOException.class, () -> fs.read(f, 9_999));
        assertEquals(Errno.EFBIG, e.errno());
        assertTrue(e.getMessage().contains("longer than 9999 bytes"), e.getMessage());
        Path empty = Files.write(dir.resolve("auxblob"), new byte[0]);
        assertArrayEquals(new byte[0], fs.read(empty, 0));
        assertEquals(Errno.ENOENT, assertThrows(ErrnoIOException.class, () -> fs.read(dir.resolve("nope"), 10)).errno());
    }

    @Test
    void writesExistingFilesOnlyAndNeverCreates() throws Exception {
        Path f = Files.write(dir.resolve("inblob"), new byte[0]);
        fs.write(f, "abc".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(f));
        ErrnoIOException e = assertThrows(ErrnoIOException.class, () -> fs.write(dir.resolve("privlevel"), new byte[1]));
        assertEquals(Errno.ENOENT, e.errno());
        assertFalse(Files.exists(dir.resolve("privlevel")));
    }

    @Test
    void directoriesMapTheirErrnos() throws Exception {
        Path entry = dir.resolve("e1");
        fs.createDirectory(entry);
        assertTrue(fs.isDirectory(entry));
        assertEquals(Errno.EEXIST, assertThrows(ErrnoIOException.class, () -> fs.createDirectory(entry)).errno());
        assertEquals(Errno.ENOENT,
                assertThrows(ErrnoIOException.class, () -> fs.createDirectory(dir.resolve("a/b"))).errno());
        Files.write(entry.resolve("x"), new byte[1]);
        assertEquals(Errno.ENOTEMPTY, assertThrows(ErrnoIOException.class, () -> fs.deleteDirectory(entry)).errno());
        Files.delete(entry.resolve("x"));
        fs.deleteDirectory(entry);
        assertFalse(fs.exists(entry));
        assertEquals(Errno.ENOENT, assertThrows(ErrnoIOException.class, () -> fs.deleteDirectory(entry)).errno());
    }

    @Test
    void unreadableTreeIsPermissionDeniedForNonRoot() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "SKIPPED: running as root, who ignores file modes");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        assertEquals(Errno.EACCES,
                assertThrows(ErrnoIOException.class, () -> fs.createDirectory(locked.resolve("e"))).errno());
    }

    @Test
    void strerrorTextsBecomeErrnos() {
        assertErrno(Errno.EBUSY, new FileSystemException("/x", null, "Device or resource busy"));
        assertErrno(Errno.EAGAIN, new IOException("Resource temporarily unavailable"));
        assertErrno(Errno.ENXIO, new IOException("No such device or address"));
        assertErrno(Errno.ENODEV, new IOException("No such device"));
        assertErrno(Errno.EINVAL, new IOException("Invalid argument"));
        assertErrno(Errno.EFBIG, new IOException("File too large"));
        assertErrno(Errno.EIO, new IOException("Input/output error"));
        assertErrno(Errno.ETIMEDOUT, new IOException("Connection timed out"));
        assertErrno(Errno.EPERM, new FileSystemException("/x", null, "Operation not permitted"));
        IOException other = new IOException("Something else");
        assertSame(other, NioTsmFileSystem.translate(other, "op"));
        IOException none = new IOException();
        assertSame(none, NioTsmFileSystem.translate(none, "op"));
    }

    private static void assertErrno(int errno, IOException e) {
        IOException t = NioTsmFileSystem.translate(e, "read /x");
        assertTrue(t instanceof ErrnoIOException, e.toString());
        assertEquals(errno, ((ErrnoIOException) t).errno());
        assertSame(e, t.getCause());
        assertEquals("read /x: " + Errno.name(errno), t.getMessage());
    }

    /**
     * The real client over the real java.nio implementation, on a temp-dir tree. A thin wrapper
     * plays the kernel's part that a plain directory cannot: populate an entry on mkdir, bump
     * generation on writes, produce outblob from inblob, and clear the files before rmdir.
     */
    @Test
    void clientRunsOnTheNioImplementation() throws Exception {
        Path root = Files.createDirectories(dir.resolve("sys/kernel/config/tsm/report"));
        TsmFileSystem kernel = new TsmReportClientTest.ForwardingFs(fs) {
            @Override
            public void createDirectory(Path entry) throws IOException {
                super.createDirectory(entry);
                Files.write(entry.resolve("provider"), "sev_guest\n".getBytes(StandardCharsets.US_ASCII));
                Files.write(entry.resolve("generation"), "0\n".getBytes(StandardCharsets.US_ASCII));
                for (String a : List.of("inblob", "privlevel", "outblob", "auxblob")) {
                    Files.write(entry.resolve(a), new byte[0]);
                }
            }

            @Override
            public void write(Path file, byte[] data) throws IOException {
                super.write(file, data);
                Path gen = file.resolveSibling("generation");
                long g = Long.parseLong(Files.readString(gen).trim());
                Files.writeString(gen, (g + 1) + "\n");
                if (file.getFileName().toString().equals("inblob")) {
                    byte[] out = new byte[1184];
                    System.arraycopy(data, 0, out, 0x50, data.length);
                    Files.write(file.resolveSibling("outblob"), out);
                }
            }

            @Override
            public void deleteDirectory(Path entry) throws IOException {
                try (Stream<Path> files = Files.list(entry)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Files.delete(p);
                    }
                }
                super.deleteDirectory(entry);
            }
        };
        TsmReportClient client = TsmReportClient.builder().root(root).fileSystem(kernel)
                .backoff(Backoff.builder().sleeper(d -> { }).build()).build();
        byte[] nonce = new byte[64];
        nonce[5] = 5;
        TsmReport report = client.getReport(TsmRequest.builder(nonce).privlevel(0)
                .expectedProvider(TsmRequest.PROVIDER_SEV_GUEST).build());
        assertEquals("sev_guest", report.provider());
        assertEquals(2, report.generation());
        assertEquals(5, report.outblob()[0x55]);
        assertTrue(report.auxblob().isEmpty(), "empty auxblob file is absent");
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(0, left.count(), "entry removed");
        }
        assertEquals("sev_guest", client.provider());

        TsmReportClient missing = TsmReportClient.builder().root(dir.resolve("sys/kernel/config/tsm/nothing"))
                .backoff(Backoff.builder().maxDelay(Duration.ZERO).initialDelay(Duration.ZERO).build()).build();
        TsmException e = assertThrows(TsmException.class, () -> missing.getReport(TsmRequest.of(nonce)));
        assertEquals(TsmException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("CONFIG_TSM_REPORTS"), e.getMessage());
        assertFalse(e.getMessage().contains("mount -t configfs"), "configfs is there, only tsm/report is missing");
    }

    @Test
    void systemClientPointsAtTheKernelTree() {
        TsmReportClient c = TsmReportClient.system();
        assertEquals(Path.of("/sys/kernel/config/tsm/report"), c.root());
        assertEquals(Files.isDirectory(c.root()), c.isPresent());
    }
}
