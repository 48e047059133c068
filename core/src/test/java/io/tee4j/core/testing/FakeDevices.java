package io.tee4j.core.testing;

import io.tee4j.core.linux.DeviceFile;
import io.tee4j.core.linux.DeviceOpenException;
import io.tee4j.core.linux.Devices;
import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.IoctlException;
import io.tee4j.core.linux.NativeBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Devices} in Java for backend tests: each path is served by a {@link Handler} that sees
 * the request number and the argument buffer (following pointers inside it with
 * {@link NativeBuffer#view(long, int)}) and answers by writing into it, returning a value, or
 * throwing {@link IoctlException} with an errno. Unknown paths fail to open with {@code ENOENT};
 * {@link #openError(String, int)} makes a path fail with another errno.
 *
 * <p>Thread-safe registration; ioctls on one fake file are serialised like the real ones.
 */
public final class FakeDevices implements Devices {

    /** Serves ioctls of one fake device. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param path the device path (for {@link IoctlException}s)
         * @return the ioctl's return value
         */
        int ioctl(String path, long request, NativeBuffer arg) throws IoctlException;
    }

    private final Map<String, Handler> handlers = new HashMap<>();
    private final Map<String, Integer> openErrors = new HashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    /** Serves {@code path} with {@code handler}. */
    public synchronized FakeDevices device(String path, Handler handler) {
        handlers.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Makes {@code open(path)} fail with {@code errno}. */
    public synchronized FakeDevices openError(String path, int errno) {
        openErrors.put(Objects.requireNonNull(path, "path"), errno);
        return this;
    }

    /** How many files were opened. */
    public int openCount() {
        return opened.get();
    }

    /** How many files are open now (a client must close all of them). */
    public int openFiles() {
        return open.get();
    }

    @Override
    public DeviceFile open(String path) throws DeviceOpenException {
        Handler handler;
        Integer errno;
        synchronized (this) {
            handler = handlers.get(path);
            errno = openErrors.get(path);
        }
        if (errno == null && handler == null) {
            errno = Errno.ENOENT;
        }
        if (errno != null) {
            throw new DeviceOpenException(path, errno, DeviceOpenException.defaultHint(errno));
        }
        opened.incrementAndGet();
        open.incrementAndGet();
        return new DeviceFile() {
            private boolean closed;

            @Override
            public String path() {
                return path;
            }

            @Override
            public synchronized int ioctl(long request, NativeBuffer arg) throws IoctlException {
                Objects.requireNonNull(arg, "arg");
                if (closed) {
                    throw new IllegalStateException("device file " + path + " is closed");
                }
                arg.address();
                return handler.ioctl(path, request, arg);
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                }
            }
        };
    }
}
