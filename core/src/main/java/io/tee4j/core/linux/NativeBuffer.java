package io.tee4j.core.linux;

import com.sun.jna.Memory;
import java.nio.ByteOrder;
import com.sun.jna.Pointer;
import java.util.Objects;

/**
 * A block of native (off-heap) memory, used to marshal kernel ABI structs by hand: every multi-byte
 * accessor is <b>little-endian</b>, as on the x86-64 and arm64 guests tee4j supports, and every
 * offset is checked against the size.
 *
 * <p>Two kinds exist:
 * <ul>
 *   <li>{@link #allocate(int) owned} buffers: allocated zero-filled, owned by Java; {@link #close()}
 *       zeroes the memory (it may have held report data or key material) and frees it. An owned
 *       buffer that is never closed is freed (without zeroing) when it becomes unreachable.</li>
 *   <li>{@link #view(long, int) views}: a window on memory owned by someone else, such as the
 *       request and response buffers that an ioctl argument struct points to. A fake device
 *       written in Java uses a view to read and write the memory behind a pointer it found in
 *       the struct. Closing a view neither frees nor zeroes anything.</li>
 * </ul>
 *
 * <p>A struct that holds a pointer to another buffer gets it with
 * {@code outer.putLong(offset, inner.address())}; the inner buffer must stay open until the
 * ioctl has returned.
 *
 * <p><b>Not thread-safe</b>: a buffer is meant to be filled, passed to one ioctl and read back by
 * one thread. Accessing a closed buffer throws {@link IllegalStateException}; an out-of-range
 * offset throws {@link IndexOutOfBoundsException}. Both are programming errors, not input errors.
 * A view cannot know whether the memory behind its address is valid: creating one on a bad
 * address and touching it crashes the JVM, so build views only from addresses you got from a
 * live buffer.
 *
 * @since 0.1
 */
public final class NativeBuffer implements AutoCloseable {

    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Pointer pointer;
    private final Memory memory;
    private final int size;
    private boolean closed;

    private NativeBuffer(Pointer pointer, Memory memory, int size) {
        this.pointer = pointer;
        this.memory = memory;
        this.size = size;
    }

    /**
     * Allocates {@code size} bytes of zero-filled native memory.
     *
     * @throws IllegalArgumentException when {@code size} is not positive
     */
    public static NativeBuffer allocate(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("native buffer size must be positive: " + size);
        }
        Memory memory = new Memory(size);
        memory.clear();
        return new NativeBuffer(memory, memory, size);
    }

    /** Allocates a buffer holding a copy of {@code bytes} (which must not be empty). */
    public static NativeBuffer copyOf(byte[] bytes) {
        NativeBuffer buffer = allocate(bytes.length);
        buffer.putBytes(0, bytes);
        return buffer;
    }

    /**
     * A view of {@code size} bytes of memory at {@code address}, owned elsewhere. For fakes that
     * follow a pointer inside an ioctl argument; see the class comment for the risks.
     *
     * @throws IllegalArgumentException when {@code address} is 0 or {@code size} is negative
     */
    public static NativeBuffer view(long address, int size) {
        if (address == 0) {
            throw new IllegalArgumentException("null address");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative view size: " + size);
        }
        return new NativeBuffer(new Pointer(address), null, size);
    }

    /** The native address of the first byte, to store in a struct or pass to the kernel. */
    public long address() {
        checkOpen();
        return Pointer.nativeValue(pointer);
    }

    /** The size in bytes. */
    public int size() {
        return size;
    }

    /** Whether this buffer is a {@link #view(long, int) view} of memory owned elsewhere. */
    public boolean isView() {
        return memory == null;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** The byte at {@code offset}. */
    public byte getByte(int offset) {
        check(offset, 1);
        return pointer.getByte(offset);
    }

    /** Stores a byte; returns this buffer. */
    public NativeBuffer putByte(int offset, byte value) {
        check(offset, 1);
        pointer.setByte(offset, value);
        return this;
    }

    /** An unsigned byte as an {@code int}. */
    public int getU8(int offset) {
        return getByte(offset) & 0xFF;
    }

    /** Stores the low 8 bits of {@code value}; returns this buffer. */
    public NativeBuffer putU8(int offset, int value) {
        return putByte(offset, (byte) value);
    }

    /** A little-endian 16-bit value. */
    public short getShort(int offset) {
        check(offset, 2);
        short v = pointer.getShort(offset);
        return LITTLE ? v : Short.reverseBytes(v);
    }

    /** Stores a little-endian 16-bit value; returns this buffer. */
    public NativeBuffer putShort(int offset, short value) {
        check(offset, 2);
        pointer.setShort(offset, LITTLE ? value : Short.reverseBytes(value));
        return this;
    }

    /** A little-endian 32-bit value. */
    public int getInt(int offset) {
        check(offset, 4);
        int v = pointer.getInt(offset);
        return LITTLE ? v : Integer.reverseBytes(v);
    }

    /** A little-endian unsigned 32-bit value. */
    public long getU32(int offset) {
        return getInt(offset) & 0xFFFF_FFFFL;
    }

    /** Stores a little-endian 32-bit value; returns this buffer. */
    public NativeBuffer putInt(int offset, int value) {
        check(offset, 4);
        pointer.setInt(offset, LITTLE ? value : Integer.reverseBytes(value));
        return this;
    }

    /** A little-endian 64-bit value. */
    public long getLong(int offset) {
        check(offset, 8);
        long v = pointer.getLong(offset);
        return LITTLE ? v : Long.reverseBytes(v);
    }

    /** Stores a little-endian 64-bit value; returns this buffer. */
    public NativeBuffer putLong(int offset, long value) {
        check(offset, 8);
        pointer.setLong(offset, LITTLE ? value : Long.reverseBytes(value));
        return this;
    }

    /** Stores the address of {@code target} as a 64-bit pointer at {@code offset}. */
    public NativeBuffer putAddress(int offset, NativeBuffer target) {
        return putLong(offset, target.address());
    }

    /** Copies {@code length} bytes starting at {@code offset} into a new array. */
    public byte[] getBytes(int offset, int length) {
        check(offset, length);
        return pointer.getByteArray(offset, length);
    }

    /** A copy of the whole buffer. */
    public byte[] toByteArray() {
        return getBytes(0, size);
    }

    /** Copies {@code bytes} in at {@code offset}; returns this buffer. */
    public NativeBuffer putBytes(int offset, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        check(offset, bytes.length);
        pointer.write(offset, bytes, 0, bytes.length);
        return this;
    }

    /** Sets {@code length} bytes from {@code offset} to zero. */
    public NativeBuffer zero(int offset, int length) {
        check(offset, length);
        pointer.setMemory(offset, length, (byte) 0);
        return this;
    }

    /** Sets the whole buffer to zero. */
    public NativeBuffer zero() {
        return zero(0, size);
    }

    /**
     * Zeroes and frees an owned buffer; only marks a view closed. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (memory != null) {
            memory.clear();
            memory.close();
        }
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("native buffer is closed");
        }
    }

    private void check(int offset, int length) {
        checkOpen();
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("access of " + length + " bytes at offset " + offset
                    + " in a native buffer of " + size + " bytes");
        }
    }

    @Override
    public String toString() {
        return "NativeBuffer[" + size + " bytes" + (isView() ? ", view" : "") + (closed ? ", closed" : "") + "]";
    }
}
