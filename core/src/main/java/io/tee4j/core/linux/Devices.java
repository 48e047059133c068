package io.tee4j.core.linux;

import io.tee4j.core.TeeUnavailableException;

/**
 * Opens device files. The production implementation is {@link NativeDevices#system()} (libc
 * through JNA); tests pass a fake so a backend's ioctl code runs without hardware.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Devices {

    /**
     * Opens {@code path} read-write ({@code O_RDWR | O_CLOEXEC}).
     *
     * @throws DeviceOpenException (a {@link TeeUnavailableException}) when it cannot be opened: missing ({@code ENOENT}), not
     *     permitted ({@code EACCES}, {@code EPERM}) or any other {@code errno}; the message says
     *     what to do
     * @throws TeeUnavailableException when the means of opening devices is itself unavailable
     *     (e.g. the native library cannot be loaded)
     */
    DeviceFile open(String path) throws TeeUnavailableException;
}
