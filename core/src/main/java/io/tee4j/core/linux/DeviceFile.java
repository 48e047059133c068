package io.tee4j.core.linux;

/**
 * An open device file on which ioctls can be made, e.g. {@code /dev/sev-guest} or
 * {@code /dev/tdx_guest}. Obtained from {@link Devices#open(String)}.
 *
 * <p>The argument is a {@link NativeBuffer} that the caller marshalled by hand (little-endian) and
 * reads back after the call; a struct inside it may hold the addresses of further buffers, which
 * must stay open until {@link #ioctl} returns.
 *
 * <p>Thread safety: implementations are thread-safe, and {@link NativeDevices}' files serialise
 * every ioctl on one device path across the whole JVM (one lock per path), because TEE guest
 * drivers share one message sequence number per device and some (older SEV-SNP guests) lose the
 * device on a throttled, concurrent request. Nothing serialises against other processes.
 *
 * <p>Tests substitute a fake: implement this interface (reading the memory a struct points to
 * through {@link NativeBuffer#view(long, int)}) or load a fake driver library through
 * {@link NativeDevices#library(String, String)}.
 *
 * @since 0.1
 */
public interface DeviceFile extends AutoCloseable {

    /** The path this file was opened from. */
    String path();

    /**
     * Calls {@code ioctl(fd, request, arg)}.
     *
     * @param request the request number, as computed by {@link IoctlNumbers}
     * @param arg the argument struct; its address is passed
     * @return the non-negative value the ioctl returned (usually 0)
     * @throws IoctlException when the ioctl returned -1; carries {@code errno}
     * @throws IllegalStateException when this file or {@code arg} is closed
     */
    int ioctl(long request, NativeBuffer arg) throws IoctlException;

    /** Closes the file descriptor. Idempotent; never throws. */
    @Override
    void close();
}
