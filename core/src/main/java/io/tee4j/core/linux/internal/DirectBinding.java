package io.tee4j.core.linux.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * JNA direct-mapped calls into one native library. Not API.
 *
 * <p>JNA binds a direct-mapped class to exactly one library, so {@link Bindings} defines a fresh
 * copy of this class in its own class loader for every library it binds (libc in production, a
 * fake driver library in tests) and registers that copy. The native methods are named
 * {@code nativeX}; {@link Bindings} maps them to the C symbols {@code prefix + "x"}.
 */
public final class DirectBinding implements LibcCalls {

    private final String description;

    public DirectBinding(NativeLibrary library, String description) {
        this.description = description;
        com.sun.jna.Native.register(DirectBinding.class, library);
    }

    static native int nativeOpen(String path, int flags) throws LastErrorException;

    static native int nativeIoctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    static native int nativeClose(int fd) throws LastErrorException;

    @Override
    public int open(String path, int flags) {
        return nativeOpen(path, flags);
    }

    @Override
    public int ioctl(int fd, long request, long address) {
        return nativeIoctl(fd, new NativeLong(request), address == 0 ? null : new Pointer(address));
    }

    @Override
    public int close(int fd) {
        return nativeClose(fd);
    }

    @Override
    public String describe() {
        return description;
    }
}
