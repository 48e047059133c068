package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.FailureClass;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.testing.Gcc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JNA direct-mapped path, end to end: real libc on /dev/null, and a fake driver library
 * compiled from C (fake_driver.c) that exports open/ioctl/close with libc's variadic signatures.
 */
class NativeDevicesTest {

    static final long REVERSE = IoctlNumbers.iowr('F', 1, 16);
    static final long SET_ERRNO = IoctlNumbers.iow('F', 2, 4);
    static final long GET_FLAGS = IoctlNumbers.io('F', 3);
    static final long IN_FLIGHT = IoctlNumbers.io('F', 4);
    static final long OVERLAP = IoctlNumbers.io('F', 5);
    static final String PREFIX = "tee4j_fake_";

    @TempDir
    static Path dir;
    static Path prefixed;
    static Path plain;

    @BeforeAll
    static void compileFakeDriver() throws Exception {
        java.util.Optional<Path> gcc = Gcc.find();
        if (gcc.isEmpty()) {
            return;
        }
        Path src = Gcc.resource(NativeDevicesTest.class, "fake_driver.c", dir);
        prefixed = dir.resolve("libtee4jfake.so");
        plain = dir.resolve("libtee4jplain.so");
        Gcc.sharedLibrary(src, prefixed, "-DPREFIX=" + PREFIX);
        Gcc.sharedLibrary(src, plain);
    }

    private static NativeDevices fake() {
        Gcc.require();
        return NativeDevices.library(prefixed.toString(), PREFIX);
    }

    @Test
    void realLibcIoctlOnNonDeviceFailsWithEnotty() throws Exception {
        try (DeviceFile f = NativeDevices.system().open("/dev/null");
                NativeBuffer arg = NativeBuffer.allocate(32)) {
            IoctlException e = assertThrows(IoctlException.class, () -> f.ioctl(IoctlNumbers.iowr('S', 0, 32), arg));
            assertEquals(Errno.ENOTTY, e.errno());
            assertEquals("ENOTTY", e.errnoName());
            assertEquals("/dev/null", e.path());
            assertEquals(0xC0205300L, e.request());
            assertEquals("ioctl 0xC0205300 on /dev/null failed: ENOTTY (errno 25)", e.getMessage());
            assertEquals(FailureClass.TEE_UNAVAILABLE, e.failureClass());
        }
    }

    @Test
    void realLibcMissingDeviceIsTeeUnavailableWithHint() {
        DeviceOpenException e = assertThrows(DeviceOpenException.class,
                () -> NativeDevices.system().open("/dev/tee4j-no-such-device"));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("device /dev/tee4j-no-such-device does not exist (ENOENT); "
                + "the guest driver is not loaded"), e.getMessage());
        assertEquals(List.of("/dev/tee4j-no-such-device: ENOENT"), e.probes());
    }

    @Test
    void openPassesReadWriteCloexec() throws Exception {
        try (DeviceFile f = fake().open("/fake/dev")) {
            NativeBuffer unused = NativeBuffer.allocate(8);
            assertEquals(NativeDevices.O_RDWR | NativeDevices.O_CLOEXEC, f.ioctl(GET_FLAGS, unused));
            unused.close();
        }
    }

    @Test
    void ioctlFollowsPointersAndRoundTripsBytes() throws Exception {
        byte[] data = new byte[300];
        int sum = 0;
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 5);
            sum += data[i] & 0xFF;
        }
        try (DeviceFile f = fake().open("/fake/dev");
                NativeBuffer payload = NativeBuffer.copyOf(data);
                NativeBuffer arg = NativeBuffer.allocate(16)) {
            arg.putAddress(0, payload).putInt(8, data.length).putInt(12, 0xDEADBEEF);
            assertEquals(0, f.ioctl(REVERSE, arg));
            assertEquals(sum, arg.getInt(12), "the fake read our bytes through the pointer");
            byte[] back = payload.toByteArray();
            for (int i = 0; i < data.length; i++) {
                assertEquals(data[data.length - 1 - i], back[i], "byte " + i);
            }
            assertEquals(payload.address(), arg.getLong(0), "pointer field untouched");
        }
    }

    @Test
    void errnoFromTheDriverIsExposedAndNamed() throws Exception {
        int[][] cases = {{Errno.EIO}, {Errno.EBUSY}, {Errno.EAGAIN}, {Errno.ENOTTY}, {Errno.EINVAL}, {1234}};
        try (DeviceFile f = fake().open("/fake/dev"); NativeBuffer arg = NativeBuffer.allocate(4)) {
            for (int[] c : cases) {
                arg.putInt(0, c[0]);
                IoctlException e = assertThrows(IoctlException.class, () -> f.ioctl(SET_ERRNO, arg));
                assertEquals(c[0], e.errno());
                assertEquals(Errno.name(c[0]), e.errnoName());
                assertTrue(e.getMessage().endsWith(": " + Errno.name(c[0]) + " (errno " + c[0] + ")"), e.getMessage());
                assertEquals(c[0] == Errno.EBUSY || c[0] == Errno.EAGAIN, e.isTransient());
            }
            assertEquals("errno 1234", Errno.name(1234));
            IoctlException unknown = assertThrows(IoctlException.class, () -> f.ioctl(IoctlNumbers.io('F', 99), arg));
            assertEquals(Errno.ENOTTY, unknown.errno());
        }
    }

    @Test
    void openErrorsAreTypedWithHints() {
        NativeDevices devices = fake();
        DeviceOpenException missing = assertThrows(DeviceOpenException.class, () -> devices.open("/fake/missing"));
        assertEquals(Errno.ENOENT, missing.errno());
        assertTrue(missing.getMessage().contains("does not exist (ENOENT); the guest driver is not loaded"),
                missing.getMessage());
        DeviceOpenException denied = assertThrows(DeviceOpenException.class, () -> devices.open("/fake/denied"));
        assertEquals(Errno.EACCES, denied.errno());
        assertTrue(denied.getMessage().contains("permission denied (EACCES); run as root"), denied.getMessage());
        DeviceOpenException busy = assertThrows(DeviceOpenException.class, () -> devices.open("/fake/busy"));
        assertEquals("EBUSY", busy.errnoName());
        assertTrue(busy.getMessage().contains("cannot be opened (EBUSY)"), busy.getMessage());
        assertInstanceOf(TeeUnavailableException.class, busy);
    }

    @Test
    void libcPropertySelectsTheLibrary() throws Exception {
        Gcc.require();
        String old = System.getProperty(NativeDevices.LIBC_PROPERTY);
        System.setProperty(NativeDevices.LIBC_PROPERTY, plain.toString());
        try {
            NativeDevices devices = NativeDevices.system();
            assertEquals(plain.toString(), devices.libraryName());
            try (DeviceFile f = devices.open("/fake/dev"); NativeBuffer arg = NativeBuffer.allocate(4)) {
                arg.putInt(0, Errno.EBUSY);
                assertEquals(Errno.EBUSY, assertThrows(IoctlException.class, () -> f.ioctl(SET_ERRNO, arg)).errno());
            }
            assertThrows(DeviceOpenException.class, () -> devices.open("/fake/missing"));
        } finally {
            if (old == null) {
                System.clearProperty(NativeDevices.LIBC_PROPERTY);
            } else {
                System.setProperty(NativeDevices.LIBC_PROPERTY, old);
            }
        }
        assertEquals("c", NativeDevices.system().libraryName());
    }

    @Test
    void ioctlsOnOneDevicePathAreSerialised() throws Exception {
        NativeDevices devices = fake();
        List<DeviceFile> files = List.of(devices.open("/fake/dev"), devices.open("/fake/./dev"),
                NativeDevices.library(prefixed.toString(), PREFIX).open("/fake/dev"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                DeviceFile f = files.get(t % files.size());
                futures.add(pool.submit(() -> {
                    try (NativeBuffer arg = NativeBuffer.allocate(8)) {
                        for (int i = 0; i < 25; i++) {
                            f.ioctl(IN_FLIGHT, arg);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            try (NativeBuffer arg = NativeBuffer.allocate(8)) {
                assertEquals(0, files.get(0).ioctl(OVERLAP, arg), "two ioctls were in the driver at once");
            }
        } finally {
            pool.shutdownNow();
            files.forEach(DeviceFile::close);
        }
    }

    @Test
    void backoffRetriesOnlyTransientErrnos() throws Exception {
        List<Duration> sleeps = new ArrayList<>();
        Backoff backoff = Backoff.builder().maxAttempts(3).initialDelay(Duration.ofMillis(5)).sleeper(sleeps::add).build();
        try (DeviceFile f = fake().open("/fake/dev"); NativeBuffer arg = NativeBuffer.allocate(4)) {
            arg.putInt(0, Errno.EBUSY);
            assertEquals(Errno.EBUSY, assertThrows(IoctlException.class, () -> backoff.ioctl(f, SET_ERRNO, arg)).errno());
            assertEquals(List.of(Duration.ofMillis(5), Duration.ofMillis(10)), sleeps);
            sleeps.clear();
            arg.putInt(0, Errno.EIO);
            assertEquals(Errno.EIO, assertThrows(IoctlException.class, () -> backoff.ioctl(f, SET_ERRNO, arg)).errno());
            assertTrue(sleeps.isEmpty());
        }
    }

    @Test
    void closedFilesAndBuffersAreRefused() throws Exception {
        DeviceFile f = fake().open("/fake/dev");
        NativeBuffer arg = NativeBuffer.allocate(8);
        arg.close();
        assertThrows(IllegalStateException.class, () -> f.ioctl(GET_FLAGS, arg));
        f.close();
        f.close();
        try (NativeBuffer open = NativeBuffer.allocate(8)) {
            assertThrows(IllegalStateException.class, () -> f.ioctl(GET_FLAGS, open));
        }
        assertFalse(f.toString().contains("null"));
    }

    @Test
    void missingLibraryOrSymbolIsTeeUnavailable() {
        TeeUnavailableException noLib = assertThrows(TeeUnavailableException.class,
                () -> NativeDevices.library(dir.resolve("libnothing.so").toString()).open("/fake/dev"));
        assertTrue(noLib.getMessage().startsWith("cannot load native library '"), noLib.getMessage());
        Gcc.require();
        TeeUnavailableException noSymbol = assertThrows(TeeUnavailableException.class,
                () -> NativeDevices.library(prefixed.toString(), "nope_").open("/fake/dev"));
        assertTrue(noSymbol.getMessage().contains("nope_open"), noSymbol.getMessage());
    }
}
