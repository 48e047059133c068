package io.tee4j.core.linux;

import com.sun.jna.LastErrorException;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.internal.Bindings;
import io.tee4j.core.linux.internal.LibcCalls;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Devices} backed by a native library's {@code open}, {@code ioctl} and {@code close},
 * called through JNA direct mapping.
 *
 * <p>The library is loaded by name, explicitly, on the first {@link #open(String)}:
 * <ul>
 *   <li>{@link #system()}: the C library named by the system property {@value #LIBC_PROPERTY}
 *       (default {@code "c"}, i.e. the process's libc).</li>
 *   <li>{@link #library(String, String)}: any shared object by name or absolute path, with symbol
 *       names {@code prefix + "open"}, {@code prefix + "ioctl"}, {@code prefix + "close"}. Tests
 *       use it to load a fake driver compiled from C (e.g. a fake {@code /dev/sev-guest} that
 *       answers by byte layout) in place of libc, exercising the same JNA path as production.
 *       With an empty prefix the library must export {@code open}, {@code ioctl} and {@code close}
 *       themselves.</li>
 * </ul>
 * Each library is bound once per JVM and the binding is shared by every instance naming it.
 *
 * <p>Files are opened {@code O_RDWR | O_CLOEXEC}; an {@code EINTR} from {@code open} is retried.
 * The ioctl request is passed as a C {@code unsigned long} and the argument as the address of the
 * {@link NativeBuffer}. Every ioctl on one device path (normalised absolute path) is serialised by a
 * JVM-wide lock for that path, whichever {@code NativeDevices} instance opened it; nothing
 * serialises against other processes. Ioctls are not retried here: use {@link Backoff#ioctl}.
 *
 * <p>Supports 64-bit Linux on x86-64 and arm64 (the {@code O_*} values and the calling convention
 * of the variadic {@code open}/{@code ioctl} are those of these platforms).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class NativeDevices implements Devices {

    /** System property naming the C library that {@link #system()} loads; default {@code "c"}. */
    public static final String LIBC_PROPERTY = "tee4j.libc";

    /** {@code O_RDWR} on Linux. */
    static final int O_RDWR = 2;
    /** {@code O_CLOEXEC} on Linux x86-64 and arm64 (octal 02000000). */
    static final int O_CLOEXEC = 0x80000;

    private static final Logger LOG = LoggerFactory.getLogger(NativeDevices.class);
    private static final ConcurrentMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final int OPEN_EINTR_RETRIES = 8;

    private final String libraryName;
    private final String symbolPrefix;
    private volatile LibcCalls calls;

    private NativeDevices(String libraryName, String symbolPrefix) {
        this.libraryName = libraryName;
        this.symbolPrefix = symbolPrefix;
    }

    /** The process's C library, or the one named by {@value #LIBC_PROPERTY}. */
    public static NativeDevices system() {
        String name = System.getProperty(LIBC_PROPERTY, "c");
        return new NativeDevices(name.isBlank() ? "c" : name, "");
    }

    /** The library {@code libraryName} (a name or an absolute path) exporting {@code open}, {@code ioctl}, {@code close}. */
    public static NativeDevices library(String libraryName) {
        return library(libraryName, "");
    }

    /**
     * The library {@code libraryName} (a name or an absolute path) exporting
     * {@code symbolPrefix + "open"}, {@code symbolPrefix + "ioctl"}, {@code symbolPrefix + "close"}.
     */
    public static NativeDevices library(String libraryName, String symbolPrefix) {
        Objects.requireNonNull(libraryName, "libraryName");
        Objects.requireNonNull(symbolPrefix, "symbolPrefix");
        if (libraryName.isBlank()) {
            throw new IllegalArgumentException("library name is blank");
        }
        return new NativeDevices(libraryName, symbolPrefix);
    }

    /** The library name this instance loads. */
    public String libraryName() {
        return libraryName;
    }

    /** The symbol prefix ({@code ""} for plain {@code open}/{@code ioctl}/{@code close}). */
    public String symbolPrefix() {
        return symbolPrefix;
    }

    /**
     * Opens {@code path} with {@code O_RDWR | O_CLOEXEC}.
     *
     * @throws DeviceOpenException when {@code open(2)} fails (the message carries a hint)
     * @throws TeeUnavailableException when the native library cannot be loaded through JNA
     */
    @Override
    public DeviceFile open(String path) throws TeeUnavailableException {
        Objects.requireNonNull(path, "path");
        LibcCalls libc = bind();
        for (int attempt = 0; ; attempt++) {
            try {
                int fd = libc.open(path, O_RDWR | O_CLOEXEC);
                LOG.debug("opened {} (fd {}) through {}", path, fd, libc.describe());
                return new NativeDeviceFile(libc, path, fd, lockFor(path));
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.EINTR && attempt < OPEN_EINTR_RETRIES) {
                    continue;
                }
                LOG.debug("open {} failed: {}", path, Errno.name(errno));
                throw new DeviceOpenException(path, errno, DeviceOpenException.defaultHint(errno));
            }
        }
    }

    private LibcCalls bind() throws TeeUnavailableException {
        LibcCalls c = calls;
        if (c == null) {
            try {
                c = Bindings.bind(libraryName, symbolPrefix);
            } catch (UnsatisfiedLinkError | IllegalStateException e) {
                throw new TeeUnavailableException("cannot load native library '" + libraryName + "'"
                        + (symbolPrefix.isEmpty() ? "" : " (symbols " + symbolPrefix + "open/ioctl/close)")
                        + " through JNA: " + e.getMessage()
                        + "; if JNA cannot unpack its own native part, set -Djna.tmpdir to an executable "
                        + "directory or install JNA's native library", e);
            }
            calls = c;
        }
        return c;
    }

    static ReentrantLock lockFor(String path) {
        String key = Path.of(path).toAbsolutePath().normalize().toString();
        return LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    }

    @Override
    public String toString() {
        return "NativeDevices[" + libraryName + (symbolPrefix.isEmpty() ? "" : ", prefix " + symbolPrefix) + "]";
    }

    private static final class NativeDeviceFile implements DeviceFile {
        private final LibcCalls libc;
        private final String path;
        private final int fd;
        private final ReentrantLock lock;
        private boolean closed;

        NativeDeviceFile(LibcCalls libc, String path, int fd, ReentrantLock lock) {
            this.libc = libc;
            this.path = path;
            this.fd = fd;
            this.lock = lock;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public int ioctl(long request, NativeBuffer arg) throws IoctlException {
            Objects.requireNonNull(arg, "arg");
            lock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("device file " + path + " is closed");
                }
                long address = arg.address();
                int result;
                try {
                    result = libc.ioctl(fd, request, address);
                } finally {
                    // The native call holds only the address: keep the owning buffer (and so its
                    // memory) reachable until the call has returned.
                    Reference.reachabilityFence(arg);
                }
                LOG.debug("ioctl {} on {}: {}", IoctlNumbers.toHex(request), path, result);
                return result;
            } catch (LastErrorException e) {
                LOG.debug("ioctl {} on {} failed: {}", IoctlNumbers.toHex(request), path, Errno.name(e.getErrorCode()));
                throw new IoctlException(path, request, e.getErrorCode(), e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    libc.close(fd);
                } catch (LastErrorException e) {
                    // Linux releases the descriptor even when close reports an error; nothing to retry.
                    LOG.debug("close {} (fd {}) reported {}", path, fd, Errno.name(e.getErrorCode()));
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "DeviceFile[" + path + ", fd " + fd + (closed ? ", closed" : "") + "]";
        }
    }
}
