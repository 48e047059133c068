package io.tee4j.core.linux.internal;

import com.sun.jna.LastErrorException;

/**
 * The three C calls the device plumbing makes, as bound to one native library. Not API.
 *
 * <p>Each method throws JNA's (unchecked) {@link LastErrorException} with the {@code errno} when
 * the C function returns -1.
 */
public interface LibcCalls {

    /** {@code open(path, flags)}. */
    int open(String path, int flags);

    /** {@code ioctl(fd, request, (void *) address)}. */
    int ioctl(int fd, long request, long address);

    /** {@code close(fd)}. */
    int close(int fd);

    /** The library these calls are bound to, and the symbol prefix, for messages. */
    String describe();
}
